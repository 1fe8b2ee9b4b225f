// Plugboard notebook 04: validate an environment with the RFC 008 checks (levels 1-3) and write JSON, HTML and Markdown reports.
// Run it whole with `notebooks/run 04-validate.jsh`, or paste it cell by cell into jshell. Loopback only.
// The same run from the command line: `plugboard validate guess --level semantic --report out/`.

// ---- Cell 1: imports ---------------------------------------------------------------------------
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentRegistry;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.validators.check.*;
import io.plugboard.validators.checks.CheckCatalog;
import io.plugboard.validators.policy.SeverityPolicy;
import io.plugboard.validators.report.*;
import io.plugboard.validators.run.ProgressListener;
import io.plugboard.validators.run.ValidationRunner;
import io.plugboard.validators.subject.ValidationSettings;
import io.plugboard.validators.subject.ValidationTarget;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

// ---- Cell 2: pick the environment -------------------------------------------------------------
// `guess` (number guessing, dense rewards, a Task API) exercises the most checks; `echo` (MCP tools) works too.
String envName = "guess";

// ---- Cell 3: serve it on a free loopback port --------------------------------------------------
// Validators probe from the outside over HTTP and /ws, exactly as they would a Python OpenEnv server.
Environment.Factory factory = EnvironmentRegistry.builtIn().factory(envName).orElseThrow();
PlugboardServer server = PlugboardServer.create(config -> {
  config.environment(factory);
  config.sessions.maxConcurrent = factory.supportsConcurrentSessions() ? 8 : 1;
}).start("127.0.0.1", 0);
URI url = URI.create("http://127.0.0.1:" + server.port());
System.out.println("validating built-in '" + envName + "' served at " + url);

// ---- Cell 4: run levels 1-3 (static, runtime, semantic) ----------------------------------------
// Small settings keep the notebook quick: 4 sampled tasks, 0.3 s of throughput load, at most 4 concurrent sessions.
ValidationSettings settings = ValidationSettings.defaults().withSamples(4).withThroughputSeconds(0.3).withMaxConcurrency(4);
ValidationTarget target = ValidationTarget.environment(url).withSettings(settings);
ValidationRunner runner = ValidationRunner.builder(CheckCatalog.all()).
    policy(SeverityPolicy.load("v1")).
    maxLevel(Level.SEMANTIC).
    runBudget(Duration.ofMinutes(2)).
    tool("plugboard notebook").
    build();
ProgressListener progress = new ProgressListener() {
  public void finished(CheckResult r, int index, int total) {
    System.out.printf("[%2d/%d] %-40s %s (%d ms)%n", index, total, r.checkId(), r.status().wireName(), r.durationMs());
  }
};
ValidationReport report = runner.run(target, progress);

// ---- Cell 5: the verdict and the check table ---------------------------------------------------
// Verdict: fail if a fail-severity check failed, warn if any other check failed, else pass. Skips never count as passes.
System.out.println();
System.out.println("verdict: " + report.verdict().wireName() + "  (exit code the CLI would use: " + report.exitCode() + ")");
System.out.printf("%-40s %-5s %-9s %s%n", "check", "level", "severity", "status / first evidence line");
for (CheckResult r : report.results()) {
  String evidence = r.outcome().evidence().isEmpty() ? "" : " - " + r.outcome().evidence().get(0);
  System.out.printf("%-40s %-5d %-9s %s%s%n", r.checkId(), r.level().number(), r.severity(), r.status().wireName(),
      evidence.length() > 90 ? evidence.substring(0, 90) + "..." : evidence);
}
for (CheckStatus s : CheckStatus.values()) System.out.println(s.wireName() + ": " + report.count(s));

// ---- Cell 6: write report.json, report.html and report.md ---------------------------------------
// Each file is written to a temp file and renamed into place. The JSON fits report.schema.json.
Path out = Files.createTempDirectory("plugboard-notebook-04-");
ReportFiles.Written written = ReportFiles.write(report, out);
System.out.println("schema problems in the JSON report: " + ReportSchema.validate(JsonReportWriter.toJson(report)));
System.out.println("wrote " + written.json() + " (" + Files.size(written.json()) + " bytes)");
System.out.println("wrote " + written.html() + " (" + Files.size(written.html()) + " bytes; open it in a browser)");
System.out.println("wrote " + written.markdown() + " (" + Files.size(written.markdown()) + " bytes):");
System.out.println(Files.readString(written.markdown()));

// ---- Cell 7: the same runner on `echo` (an MCP tool environment), runtime level only -------------
// Here runtime.tool_declaration_accuracy runs instead of skipping: echo declares two MCP tools.
PlugboardServer echoServer = PlugboardServer.create(config -> {
  config.environment(EnvironmentRegistry.builtIn().factory("echo").orElseThrow());
  config.sessions.maxConcurrent = 8;   // echo is concurrency-safe; the default pool holds one session
}).start("127.0.0.1", 0);
ValidationReport echoReport = ValidationRunner.builder(CheckCatalog.all()).maxLevel(Level.RUNTIME).runBudget(Duration.ofMinutes(1)).build().
    run(ValidationTarget.environment(URI.create("http://127.0.0.1:" + echoServer.port())).withSettings(settings), ProgressListener.NONE);
System.out.println("echo verdict: " + echoReport.verdict().wireName() + ", runtime.tool_declaration_accuracy: "
    + echoReport.result("runtime.tool_declaration_accuracy").orElseThrow().status().wireName());
for (CheckResult r : echoReport.results()) {
  if (r.status() == CheckStatus.FAIL || r.status() == CheckStatus.ERROR) System.out.println("  echo " + r.checkId() + " " + r.status().wireName() + ": " + r.outcome().evidence());
}
echoServer.close();

// ---- Cell 8: stop the server -------------------------------------------------------------------
server.close();
System.out.println("notebook 04 done");
/exit
