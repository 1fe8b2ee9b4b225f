package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.guess.NumberGuessEnvironment;
import io.plugboard.environments.tasks.TaskProvider;
import io.plugboard.environments.tasks.TaskSplit;
import io.plugboard.environments.testing.ForwardingEnvironment;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.WireJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec section 16: the Task API routes, errors, OpenAPI tag and task selection on reset. */
class Section16TaskApiTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(c -> {
      c.environment(NumberGuessEnvironment.FACTORY);
      c.sessions.maxConcurrent = 4;
    });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void checkTaskApi(TestServer s, String env) {
    assertEquals("[\"" + env + "\"]", s.get("/list_environments").body());
    assertEquals("[{\"name\":\"train\",\"type\":\"train\"},{\"name\":\"test\",\"type\":\"test\"}]", s.get("/" + env + "/splits").body());
    assertEquals("{\"num_tasks\":100}", s.post("/" + env + "/num_tasks", "{\"split\":\"test\"}").body());
    assertEquals("{\"task\":{\"id\":\"test-12\",\"index\":12,\"split\":\"test\"}}", s.post("/" + env + "/task", "{\"split\":\"test\",\"index\":12}").body());
    JsonNode range = s.post("/" + env + "/task_range", "{\"split\":\"test\",\"start\":98,\"stop\":200}").json().get("tasks");
    assertEquals(2, range.size(), "Python slice semantics clamp stop");
    JsonNode tasks = s.post("/" + env + "/tasks", "{\"split\":\"train\"}").json();
    assertEquals(env, tasks.get("env_name").asText());
    assertTrue(tasks.get("tasks").size() <= 1000);
  }

  @Test
  void routesAnswerAsSpecified() {
    checkTaskApi(server, "NumberGuessEnvironment");
    assertEquals(200, server.get("/numberguessenvironment/splits").status(), "name matching is case-insensitive");
  }

  @Test
  void errorsAre404400And501() {
    assertEquals(404, server.get("/other_env/splits").status());
    assertEquals(400, server.post("/NumberGuessEnvironment/task", "{\"split\":\"test\",\"index\":100}").status());
    assertEquals(400, server.post("/NumberGuessEnvironment/task", "{\"split\":\"nope\",\"index\":0}").status());
    TaskProvider noRange = new TaskProvider() {
      public List<TaskSplit> splits() { return List.of(TaskSplit.named("dev")); }
      public long numTasks(String split) { return 3; }
      public ObjectNode task(String split, long index) { throw new UnsupportedOperationException("task"); }
    };
    try (TestServer s = TestServer.start(c -> c.environment(() -> new ForwardingEnvironment(new EchoEnvironment()) {
      @Override
      public Optional<TaskProvider> tasks() {
        return Optional.of(noRange);
      }
    }))) {
      assertEquals("[{\"name\":\"dev\",\"type\":\"validation\"}]", s.get("/EchoEnvironment/splits").body(), "other names get type validation");
      assertEquals(501, s.post("/EchoEnvironment/task", "{\"split\":\"dev\",\"index\":0}").status());
    }
  }

  @Test
  void openApiListsTheRoutesUnderTheTaskApiTag() {
    JsonNode paths = server.get("/openapi.json").json().get("paths");
    assertEquals("Task API", paths.at("/~1{env_name}~1splits/get/tags/0").asText());
    assertTrue(paths.has("/list_environments"));
  }

  @Test
  void environmentsWithoutTasksAnswer501AsOpenEnv010() {
    try (TestServer echo = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY))) {
      assertEquals("[\"EchoEnvironment\"]", echo.get("/list_environments").body());
      assertTrue(echo.get("/openapi.json").json().get("paths").has("/{env_name}/num_tasks"));
      var splits = echo.get("/EchoEnvironment/splits");
      assertEquals(501, splits.status());
      assertEquals("{\"detail\":\"list_splits is not supported for this environment\"}", splits.body());
      assertEquals("{\"detail\":\"num_tasks is not supported for this environment\"}",
          echo.post("/EchoEnvironment/num_tasks", "{\"split\":\"test\"}").body());
      assertEquals(404, echo.get("/other/splits").status());
    }
  }

  @Test
  void resetWithSplitAndIndexSelectsTheSameGameEveryTime() {
    try (RecordingWebSocket a = server.ws("/ws"); RecordingWebSocket b = server.ws("/ws")) {
      for (RecordingWebSocket ws : List.of(a, b)) ws.request("{\"type\":\"reset\",\"data\":{\"split\":\"test\",\"index\":12}}");
      for (int g = 1; g <= 10; g += 3) {
        String step = "{\"type\":\"step\",\"data\":{\"guess\":" + g + "}}";
        assertEquals(a.request(step).get("data"), b.request(step).get("data"));
      }
    }
  }

  @Test
  void theClientReadsTasks() throws Exception {
    OpenEnvClient c = OpenEnvClient.newBuilder(server.baseUrl()).okHttpClient(TestServer.HTTP).build();
    assertEquals(List.of("NumberGuessEnvironment"), c.listEnvironments());
    assertEquals(1000, c.numTasks("NumberGuessEnvironment", "train"));
    assertEquals("train-3", c.task("NumberGuessEnvironment", "train", 3).get("id").asText());
    assertEquals(3, c.taskRange("NumberGuessEnvironment", "train", null, 3L).size());
    assertEquals(2, c.splits("NumberGuessEnvironment").size());
  }

  @Test
  void brokenVariantIsCaught_aServerUnderAnotherNameFailsTheCheck() {
    try (TestServer other = TestServer.start(c -> {
      c.environment(NumberGuessEnvironment.FACTORY);
      c.name = "guess_env";
    })) {
      checkTaskApi(other, "guess_env");
      assertThrows(AssertionError.class, () -> checkTaskApi(other, "NumberGuessEnvironment"));
    }
    assertEquals("{}", WireJson.object("{}").toString());
  }
}
