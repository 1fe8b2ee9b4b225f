package io.plugboard.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.harness.cli.Main;
import io.plugboard.harness.gateway.QaEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval against a plain OpenEnv server (no Task API, no rewards): seeds as tasks, unscored outcomes. */
class PlainTargetEvalTest {
  @TempDir Path dir;

  @Test
  void plainEnvNeedsALimitAndReportsUnscoredEpisodesHonestly() throws Exception {
    try (PlugboardServer plain = PlugboardServer.create(c -> {
      c.environment(QaEnvironment.factory(null));
      c.sessions.maxConcurrent = 4;
    }).start("127.0.0.1", 0)) {
      String url = "127.0.0.1:" + plain.port(); // host:port form, as the Python client accepts
      StringWriter err = new StringWriter();
      assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "eval", url, "--policy", "null",
          "--store", dir.resolve("p.db").toString()));
      assertTrue(err.toString().contains("--limit"), err.toString());
      StringWriter out = new StringWriter();
      err = new StringWriter();
      int code = Main.run(new PrintWriter(out), new PrintWriter(err), "eval", url, "--policy", "null", "--limit", "3",
          "--store", dir.resolve("p.db").toString(), "--json");
      assertEquals(0, code, err.toString());
      JsonNode s = new ObjectMapper().readTree(out.toString());
      assertEquals(3, s.get("episodes").asInt());
      assertEquals(3, s.get("outcomes").get("unscored").asInt(), "no reward is not a reward of 0: " + s);
      assertTrue(s.get("mean_reward").isNull());
      assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "eval",
          "ftp://nowhere", "--policy", "null", "--limit", "1", "--store", dir.resolve("p.db").toString()));
    }
  }
}
