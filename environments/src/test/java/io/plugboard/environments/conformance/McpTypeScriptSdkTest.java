package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official TypeScript MCP SDK client ({@code @modelcontextprotocol/sdk}) initializes, lists
 * and calls the echo environment's tools against a running server. Needs {@code
 * bin/setup-test-tools}; without it the test fails (never skips).
 */
class McpTypeScriptSdkTest {
  static final Path NODE_DIR = Path.of(System.getProperty("plugboard.root", "."), "environments/src/test/node");

  record Run(int exit, String stdout, String stderr) {}

  static Run runSdkClient(String mcpUrl) throws IOException, InterruptedException {
    Path script = NODE_DIR.resolve("mcp-sdk-client.mjs");
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@modelcontextprotocol/sdk"))) {
      fail("The TypeScript MCP SDK is not installed in " + NODE_DIR + "/node_modules: run bin/setup-test-tools first");
    }
    Process p = new ProcessBuilder("node", script.toString(), mcpUrl).directory(NODE_DIR.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("node MCP client did not finish within 60 s");
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void officialSdkClientInitializesListsAndCallsEchoTools() throws Exception {
    try (TestServer server = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 4;
    })) {
      Run run = runSdkClient(server.baseUrl() + "/mcp");
      assertEquals(0, run.exit(), "node exit; stderr:\n" + run.stderr());
      JsonNode out = WireJson.MAPPER.readTree(run.stdout().trim());
      assertEquals("2025-11-25", out.get("protocolVersion").asText(), "negotiated the SDK's latest version");
      assertEquals(36, out.get("sessionId").asText().length());
      assertEquals("[\"echo_message\",\"echo_with_length\"]", out.get("tools").toString());
      assertEquals("Hello from TypeScript", out.get("echoed").asText());
      assertEquals("{\"message\":\"Test\",\"length\":4}", out.get("withLength").toString());
      assertTrue(out.get("badArgsIsError").asBoolean());
      assertEquals(-32602, out.at("/unknownTool/code").asInt());
      assertEquals(0, server.server.activeSessions(), "terminateSession (DELETE) freed the MCP session");
    }
  }

  @Test
  void brokenVariantIsCaught_theSdkClientFailsAgainstADialectOnlyServer() throws Exception {
    try (TestServer server = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.mcp.standard = false;
    })) {
      Run run = runSdkClient(server.baseUrl() + "/mcp");
      assertNotEquals(0, run.exit(), "the reference's dialect (no initialize) must not satisfy a standard client");
    }
  }
}
