package io.plugboard.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.datasets.emulator.HubEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plugboard datasets ...} and {@code plugboard hub serve} against the bundled sample, online then offline. */
class DatasetsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void infoPullAndRowsWorkAgainstTheSampleHubThenOffline(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    String endpoint;
    try (HubEmulator hub = HubEmulator.over(HubEmulator.extractSample(tmp.resolve("hub"))).start("127.0.0.1", 0)) {
      endpoint = hub.endpoint();
      Result info = run("datasets", "info", "openai/gsm8k", "--endpoint", endpoint, "--cache-dir", cache.toString(), "--json");
      assertEquals(0, info.code(), info.err());
      JsonNode doc = JSON.readTree(info.out());
      assertEquals("main", doc.get("configs").get(0).get("name").asText());
      assertEquals(7473, doc.get("configs").get(0).get("splits").get("train").get("rows").asLong());
      assertEquals(1319, doc.get("configs").get(1).get("splits").get("test").get("rows").asLong());
      // the sample mirrors no socratic/train file: info says so instead of implying the split is there
      assertEquals(0, doc.get("configs").get(1).get("splits").get("train").get("files").asInt());
      assertTrue(doc.get("configs").get(1).get("splits").get("train").get("note").asText().startsWith("no data files"), doc.toString());
      assertEquals("string", doc.get("configs").get(0).get("features").get("question").get("dtype").asText());

      Result pull = run("datasets", "pull", "openai/gsm8k", "--config", "main", "--split", "test", "--endpoint", endpoint,
          "--cache-dir", cache.toString());
      assertEquals(0, pull.code(), pull.err());
      assertTrue(pull.out().contains("downloading main/test-00000-of-00001.parquet (419088 bytes)"), pull.out());
      assertTrue(pull.out().contains("Pulled 1 file(s) of openai/gsm8k into the cache."), pull.out());
    }
    Result rows = run("datasets", "rows", "openai/gsm8k", "--config", "main", "--split", "test", "--limit", "2", "--json",
        "--endpoint", endpoint, "--cache-dir", cache.toString(), "--offline");
    assertEquals(0, rows.code(), rows.err());
    List<String> lines = rows.out().lines().toList();
    assertEquals(2, lines.size());
    assertTrue(JSON.readTree(lines.get(0)).get("question").asText().startsWith("Janet’s ducks lay 16 eggs per day."));

    Result tail = run("datasets", "rows", "openai/gsm8k", "--config", "main", "--split", "test[-2:]", "--limit", "-1", "--json",
        "--cache-dir", cache.toString(), "--offline");
    assertEquals(0, tail.code(), tail.err());
    List<String> last = tail.out().lines().toList();
    assertEquals(2, last.size(), "test[-2:] is the last two rows of 1,319");
    assertTrue(JSON.readTree(last.get(0)).get("question").asText().startsWith("Farmer Brown has 20 animals"), last.get(0));
    assertTrue(JSON.readTree(last.get(1)).get("question").asText().startsWith("Henry and 3 of his friends order 7 pizzas for lunch."), last.get(1));
    Result badSlice = run("datasets", "rows", "openai/gsm8k", "--config", "main", "--split", "test[::2]", "--cache-dir", cache.toString(),
        "--offline");
    assertEquals(2, badSlice.code());
    assertTrue(badSlice.err().contains("Unrecognized split instruction format: 'test[::2]'"), badSlice.err());

    Result missing = run("datasets", "rows", "openai/gsm8k", "--config", "main", "--split", "train", "--cache-dir", cache.toString(),
        "--offline");
    assertEquals(1, missing.code());
    assertTrue(missing.err().startsWith("error: Offline mode (HF_HUB_OFFLINE=1): file 'main/train-00000-of-00001.parquet'"), missing.err());
  }

  @Test
  void badTargetsExitWithTwo(@TempDir Path tmp) throws Exception {
    try (HubEmulator hub = HubEmulator.over(HubEmulator.extractSample(tmp.resolve("hub"))).start("127.0.0.1", 0)) {
      Result notFound = run("datasets", "info", "nobody/nothing", "--endpoint", hub.endpoint(), "--cache-dir", tmp.resolve("c").toString());
      assertEquals(2, notFound.code());
      assertTrue(notFound.err().startsWith("error: Dataset 'nobody/nothing' doesn't exist on " + hub.endpoint()), notFound.err());
      Result noConfig = run("datasets", "rows", "openai/gsm8k", "--split", "test", "--endpoint", hub.endpoint(),
          "--cache-dir", tmp.resolve("c").toString());
      assertEquals(2, noConfig.code());
      assertTrue(noConfig.err().contains("Config name is missing"), noConfig.err());
    }
    assertEquals(2, run("datasets", "rows", "not a repo", "--split", "test").code());
    assertEquals(2, run("hub", "serve", "--fault", "explode").code());
  }

  @Test
  void hubServeStartsTheSampleWithFaults() throws Exception {
    HubCommand.Serve serve = new HubCommand.Serve();
    picocli.CommandLine cl = new picocli.CommandLine(serve);
    cl.parseArgs("--sample", "--port", "0", "--fault", "503x1@/revision/");
    try (HubEmulator emu = serve.start()) {
      okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
      String url = emu.endpoint() + "/api/datasets/openai/gsm8k/revision/main";
      try (okhttp3.Response first = http.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
        assertEquals(503, first.code());
      }
      try (okhttp3.Response second = http.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
        assertEquals(200, second.code());
        assertEquals(40, JSON.readTree(second.body().string()).get("sha").asText().length());
      }
    }
  }
}
