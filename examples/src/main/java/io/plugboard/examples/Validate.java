package io.plugboard.examples;

import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentRegistry;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.checks.CheckCatalog;
import io.plugboard.validators.policy.SeverityPolicy;
import io.plugboard.validators.report.JsonReportWriter;
import io.plugboard.validators.report.ReportFiles;
import io.plugboard.validators.report.ReportSchema;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.run.ProgressListener;
import io.plugboard.validators.run.ValidationRunner;
import io.plugboard.validators.subject.ValidationSettings;
import io.plugboard.validators.subject.ValidationTarget;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Walk-through 4: validate an environment with the RFC 008 checks (levels 1-3) and write JSON, HTML and Markdown
 * reports; the same from the command line is {@code plugboard validate guess --level semantic --report out/}.
 * The reports go to {@code args[0]} when given, else to a new temp folder.
 */
public final class Validate {
  private Validate() {}

  public static void main(String[] args) throws Exception {
    run(System.out, args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("plugboard-example-04-"));
  }

  /** Runs the walk-through, printing to {@code out} and writing the reports into {@code reportDir}. */
  public static void run(PrintStream out, Path reportDir) throws Exception {
    // `guess` (number guessing, dense rewards, a Task API) exercises the most checks; `echo` (MCP tools) works too.
    String envName = "guess";
    Environment.Factory factory = EnvironmentRegistry.builtIn().factory(envName).orElseThrow();
    // Small settings keep the example quick: 4 sampled tasks, 0.3 s of throughput load, at most 4 concurrent sessions.
    ValidationSettings settings = ValidationSettings.defaults().withSamples(4).withThroughputSeconds(0.3).withMaxConcurrency(4);
    // Validators probe from the outside over HTTP and /ws, exactly as they would a Python OpenEnv server.
    try (PlugboardServer server = PlugboardServer.create(config -> {
      config.environment(factory);
      config.sessions.maxConcurrent = factory.supportsConcurrentSessions() ? 8 : 1;
    }).start("127.0.0.1", 0)) {
      URI url = URI.create("http://127.0.0.1:" + server.port());
      out.println("validating built-in '" + envName + "' served at " + url);
      ValidationRunner runner = ValidationRunner.builder(CheckCatalog.all())
          .policy(SeverityPolicy.load("v1"))
          .maxLevel(Level.SEMANTIC)
          .runBudget(Duration.ofMinutes(2))
          .tool("plugboard example")
          .build();
      ProgressListener progress = new ProgressListener() {
        @Override
        public void finished(CheckResult r, int index, int total) {
          out.printf("[%2d/%d] %-40s %s (%d ms)%n", index, total, r.checkId(), r.status().wireName(), r.durationMs());
        }
      };
      ValidationReport report = runner.run(ValidationTarget.environment(url).withSettings(settings), progress);

      // Verdict: fail if a fail-severity check failed, warn if any other check failed, else pass. Skips never count as passes.
      out.println();
      out.println("verdict: " + report.verdict().wireName() + "  (exit code the CLI would use: " + report.exitCode() + ")");
      out.printf("%-40s %-5s %-9s %s%n", "check", "level", "severity", "status / first evidence line");
      for (CheckResult r : report.results()) {
        String evidence = r.outcome().evidence().isEmpty() ? "" : " - " + r.outcome().evidence().get(0);
        out.printf("%-40s %-5d %-9s %s%s%n", r.checkId(), r.level().number(), r.severity(), r.status().wireName(),
            evidence.length() > 90 ? evidence.substring(0, 90) + "..." : evidence);
      }
      for (CheckStatus s : CheckStatus.values()) out.println(s.wireName() + ": " + report.count(s));

      // Each file is written to a temp file and renamed into place. The JSON fits report.schema.json.
      ReportFiles.Written written = ReportFiles.write(report, reportDir);
      out.println("schema problems in the JSON report: " + ReportSchema.validate(JsonReportWriter.toJson(report)));
      out.println("wrote " + written.json() + " (" + Files.size(written.json()) + " bytes)");
      out.println("wrote " + written.html() + " (" + Files.size(written.html()) + " bytes; open it in a browser)");
      out.println("wrote " + written.markdown() + " (" + Files.size(written.markdown()) + " bytes):");
      out.println(Files.readString(written.markdown()));
    }

    // The same runner on `echo` (an MCP tool environment), runtime level only: runtime.tool_declaration_accuracy
    // runs instead of skipping, since echo declares two MCP tools.
    try (PlugboardServer echoServer = PlugboardServer.create(config -> {
      config.environment(EnvironmentRegistry.builtIn().factory("echo").orElseThrow());
      config.sessions.maxConcurrent = 8; // echo is concurrency-safe; the default pool holds one session
    }).start("127.0.0.1", 0)) {
      ValidationReport echoReport = ValidationRunner.builder(CheckCatalog.all()).maxLevel(Level.RUNTIME)
          .runBudget(Duration.ofMinutes(1)).build()
          .run(ValidationTarget.environment(URI.create("http://127.0.0.1:" + echoServer.port())).withSettings(settings),
              ProgressListener.NONE);
      out.println("echo verdict: " + echoReport.verdict().wireName() + ", runtime.tool_declaration_accuracy: "
          + echoReport.result("runtime.tool_declaration_accuracy").orElseThrow().status().wireName());
      for (CheckResult r : echoReport.results()) {
        if (r.status() == CheckStatus.FAIL || r.status() == CheckStatus.ERROR) {
          out.println("  echo " + r.checkId() + " " + r.status().wireName() + ": " + r.outcome().evidence());
        }
      }
    }
    out.println("example 4 done");
  }
}
