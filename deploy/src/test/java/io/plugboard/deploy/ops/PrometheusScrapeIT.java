package io.plugboard.deploy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.deploy.testing.ChildProcess;
import io.plugboard.deploy.testing.FreePort;
import io.plugboard.deploy.testing.PlugboardJar;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} read by the real thing: Debian's Prometheus server scrapes a running {@code
 * plugboard serve} (it asks for OpenMetrics) and its query API returns the counts of what a client
 * did; {@code promtool check metrics} lints the Prometheus text format and finds nothing, while it
 * rejects a broken exposition (so the lint can fail).
 */
class PrometheusScrapeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir Path dir;

  static Path tool(String name) {
    for (String p : List.of("/usr/bin/" + name, "/usr/local/bin/" + name)) {
      if (Files.isExecutable(Path.of(p))) return Path.of(p);
    }
    throw new AssertionError(name + " is not installed: run bin/setup-test-tools prometheus");
  }

  @Test
  void prometheusScrapesTheCountsOfWhatAClientDid() throws Exception {
    try (ChildProcess serve = ChildProcess.start("serve echo", PlugboardJar.command(List.of("-Xmx256m"),
        List.of("serve", "echo", "--host", "127.0.0.1", "--port", "0", "--max-sessions", "4")), Map.of(), false, dir)) {
      String base = serve.waitFor("on (http://\\S+) ", Duration.ofMinutes(1)).group(1);
      EnvSession s = OpenEnvClient.newBuilder(base).build().connect();
      s.reset((ObjectNode) JSON.readTree("{}"));
      for (int i = 0; i < 3; i++) s.callTool("echo_message", JSON.createObjectNode().put("message", "m" + i));

      int port = FreePort.loopback();
      String target = base.replace("http://", "");
      Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
          + "scrape_configs:\n  - job_name: plugboard\n    static_configs:\n      - targets: ['" + target + "']\n");
      try (ChildProcess prometheus = ChildProcess.start("prometheus", List.of(tool("prometheus").toString(),
          "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port),
          Map.of(), false, dir)) {
        String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
        JsonNode steps = awaitSeries(prometheus, api, "plugboard_steps_total{transport=\"ws\"}", "3");
        assertEquals("plugboard", steps.at("/metric/job").asText());
        awaitSeries(prometheus, api, "plugboard_sessions_active", "1");
        awaitSeries(prometheus, api, "plugboard_sessions_capacity", "4");
        awaitSeries(prometheus, api, "plugboard_step_seconds_count{transport=\"ws\"}", "3");
        JsonNode targets = JSON.readTree(get("http://127.0.0.1:" + port + "/api/v1/targets").body()).at("/data/activeTargets/0");
        assertEquals("up", targets.get("health").asText(), targets.toString());
        assertEquals("", targets.get("lastError").asText(), "the scrape parsed without error: " + targets);
      }
      s.close();
    }
  }

  @Test
  void promtoolFindsNothingToLintAndRejectsABrokenExposition() throws Exception {
    try (ChildProcess serve = ChildProcess.start("serve echo", PlugboardJar.command(List.of("-Xmx256m"),
        List.of("serve", "echo", "--host", "127.0.0.1", "--port", "0")), Map.of(), false, dir)) {
      String base = serve.waitFor("on (http://\\S+) ", Duration.ofMinutes(1)).group(1);
      HttpResponse<String> metrics = get(base + "/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
          metrics.headers().toString());
      assertEquals("", promtool(metrics.body()), "promtool check metrics finds no problem");

      // the same exposition with a sample whose value is not a number, and a counter named against the conventions
      String broken = metrics.body() + "# HELP plugboard_broken A counter without _total\n# TYPE plugboard_broken counter\n"
          + "plugboard_broken 1\nplugboard_sessions_active not-a-number\n";
      assertNotEquals("", promtool(broken), "promtool rejects a broken exposition");
    }
  }

  /** {@code promtool check metrics} on {@code exposition}: its complaints, empty when it has none (exit 0). */
  private String promtool(String exposition) throws Exception {
    Process p = new ProcessBuilder(tool("promtool").toString(), "check", "metrics").redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int code = p.waitFor();
    if (code == 0) return out;
    return out.isEmpty() ? "exit " + code : out;
  }

  /** Queries until the series has {@code value}; the query result element. */
  private JsonNode awaitSeries(ChildProcess prometheus, String api, String query, String value) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = get(api + URLEncoder.encode(query, StandardCharsets.UTF_8));
        last = r.body();
        JsonNode result = JSON.readTree(last).at("/data/result/0");
        if (!result.isMissingNode() && value.equals(result.at("/value/1").asText())) return result;
      } catch (java.io.IOException starting) {
        last = starting.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(query + " never read " + value + " in Prometheus; last answer " + last + "\n" + prometheus.output());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
