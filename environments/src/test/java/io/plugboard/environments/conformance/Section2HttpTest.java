package io.plugboard.environments.conformance;

import static io.plugboard.environments.conformance.WireAssertions.assertJsonRpcError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.EnvironmentSchemas;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.FakeEnvironment;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.testing.TestServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec section 2: the HTTP endpoints, statelessness, request validation (422), float rewards, 500s. */
class Section2HttpTest {
  static FakeEnvironment.Factory fakes = new FakeEnvironment.Factory(false);
  static TestServer fake;
  static TestServer echo;

  @BeforeAll
  static void start() {
    fake = TestServer.start(c -> c.environment(fakes));
    echo = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY));
  }

  @AfterAll
  static void stop() {
    fake.close();
    echo.close();
  }

  @Test
  void healthIsHealthy() {
    Reply r = echo.get("/health");
    assertEquals(200, r.status());
    assertEquals("{\"status\":\"healthy\"}", r.body());
    assertEquals("application/json", r.contentType());
  }

  @Test
  void metadataHasAllSixFieldsWithDefaults() {
    JsonNode m = fake.get("/metadata").json();
    assertEquals("FakeEnvironment", m.get("name").asText());
    assertEquals("FakeEnvironment environment", m.get("description").asText());
    assertEquals("1.0.0", m.get("version").asText());
    for (String k : new String[] {"readme_content", "author", "documentation_url"}) assertTrue(m.get(k).isNull(), k);
    assertEquals(6, m.size());
  }

  @Test
  void schemaHasThreeObjectsAndTheBaseStateSchema() {
    JsonNode s = echo.get("/schema").json();
    assertTrue(s.get("action").isObject() && s.get("observation").isObject());
    assertEquals(EnvironmentSchemas.BASE_STATE, s.get("state"));
    assertEquals(false, s.at("/action/additionalProperties").asBoolean(true));
  }

  @Test
  void resetAcceptsSeedEpisodeIdAndExtrasAndAnEmptyBody() {
    assertEquals("{\"observation\":{\"metadata\":{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}},\"reward\":0.0,\"done\":false,\"metadata\":{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}}", echo.post("/reset", "{\"seed\":42,\"episode_id\":\"ep-1\"}").body());
    assertEquals(200, echo.post("/reset", "").status());
    fake.post("/reset", "{\"seed\":7,\"split\":\"test\",\"index\":3}");
    assertTrue(fakes.resets.stream().anyMatch(r -> r.contains("seed=7") && r.contains("\"index\":3")), fakes.resets.toString());
  }

  @Test
  void resetValidationFailuresAre422WithBodyLocations() {
    Reply neg = echo.post("/reset", "{\"seed\":-1}");
    assertEquals(422, neg.status());
    assertEquals("greater_than_equal", neg.json().at("/detail/0/type").asText());
    assertEquals("[\"body\",\"seed\"]", neg.json().at("/detail/0/loc").toString());
    assertTrue(!neg.json().at("/detail/0").has("url"), "request-model errors carry no url");
    Reply longId = echo.post("/reset", "{\"episode_id\":\"" + "x".repeat(256) + "\"}");
    assertEquals(422, longId.status());
    assertEquals("string_too_long", longId.json().at("/detail/0/type").asText());
    assertEquals(422, echo.post("/reset", "{bad json").status());
  }

  @Test
  void stepRequiresAnActionAndValidatesTimeout() {
    Reply missing = echo.post("/step", "{}");
    assertEquals(422, missing.status());
    assertEquals("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"action\"],\"msg\":\"Field required\",\"input\":{}}]}", missing.body());
    assertEquals(422, echo.post("/step", "{\"action\":{\"type\":\"list_tools\"},\"timeout_s\":0}").status());
    assertEquals(200, echo.post("/step", "{\"action\":{\"type\":\"list_tools\"},\"timeout_s\":1.5,\"request_id\":\"r1\"}").status());
  }

  @Test
  void actionRejectedByTheEnvironmentIs422WithRelativeLocAndUrl() {
    Reply r = echo.post("/step", "{\"action\":{\"tool_name\":5}}");
    assertEquals(422, r.status());
    assertEquals("{\"detail\":[{\"type\":\"string_type\",\"loc\":[\"tool_name\"],\"msg\":\"Input should be a valid string\",\"input\":5,\"url\":\"https://errors.pydantic.dev/2.12/v/string_type\"}]}", r.body());
  }

  @Test
  void rewardIsCoercedToFloatOverHttp() {
    assertEquals("1.0", fake.post("/step", "{\"action\":{\"reward\":1}}").json().get("reward").toString());
    assertEquals("1.0", fake.post("/step", "{\"action\":{\"reward\":true}}").json().get("reward").toString());
    assertTrue(fake.post("/step", "{\"action\":{}}").json().get("reward").isNull());
  }

  @Test
  void httpIsStateless() {
    int before = fakes.created();
    fake.post("/step", "{\"action\":{}}");
    fake.post("/step", "{\"action\":{}}");
    assertEquals(0, fake.get("/state").json().get("step_count").asInt());
    assertEquals(3, fakes.created() - before, "a fresh environment per call");
    assertEquals(0, fakes.open(), "each closed after use");
  }

  @Test
  void environmentRaisingIs500PlainText() {
    Reply r = fake.post("/step", "{\"action\":{\"throw\":\"boom\"}}");
    assertEquals(500, r.status());
    assertEquals("Internal Server Error", r.body());
    assertTrue(r.contentType().startsWith("text/plain"));
    assertEquals(200, fake.get("/health").status(), "server stays up");
  }

  @Test
  void mcpPostAlwaysAnswers200JsonRpc() {
    Reply empty = echo.post("/mcp", "{}");
    assertEquals(200, empty.status());
    assertJsonRpcError(empty.json(), -32600);
    assertTrue(empty.json().at("/error/message").asText().startsWith("Invalid request: "));
    Reply bad = echo.post("/mcp", "{oops");
    assertEquals(200, bad.status());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\",\"data\":null}}", bad.body());
    assertJsonRpcError(echo.post("/mcp", "[1,2]").json(), -32700);
  }

  @Test
  void oversizedBodyIs413AndTheServerStaysUp() {
    try (TestServer small = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.http.maxBodyBytes = 2048;
    })) {
      Reply big = small.post("/reset", "{\"x\":\"" + "a".repeat(4096) + "\"}");
      assertEquals(413, big.status(), big.body());
      assertEquals(413, small.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":\"" + "a".repeat(4096) + "\"}").status());
      assertEquals(200, small.post("/reset", "{}").status());
    }
  }

  @Test
  void openApiHasVersionAndPaths() {
    JsonNode doc = echo.get("/openapi.json").json();
    assertEquals("1.0.0", doc.at("/info/version").asText());
    assertEquals("OpenEnv Environment HTTP API", doc.at("/info/title").asText());
    for (String p : new String[] {"/reset", "/step", "/state", "/health", "/metadata", "/schema", "/mcp"}) assertTrue(doc.get("paths").has(p), p);
  }

  @Test
  void brokenVariantIsCaught_anEnvironmentWithoutMetadataNameFailsTheMetadataCheck() {
    JsonNode bad = io.plugboard.environments.wire.WireJson.object("{\"name\":null,\"description\":\"d\"}");
    assertThrows(AssertionError.class, () -> assertTrue(bad.get("name").isTextual(), "metadata name must be a string"));
    // A 422 check against a server that accepts negative seeds fails.
    try (TestServer lax = TestServer.start(c -> c.environment(fakes).javalin(j -> j.routes.before("/reset",
        ctx -> { if (ctx.body().contains("-1")) { ctx.status(200).result("{}"); ctx.skipRemainingHandlers(); } })))) {
      assertThrows(AssertionError.class, () -> assertEquals(422, lax.post("/reset", "{\"seed\":-1}").status()));
    }
  }
}
