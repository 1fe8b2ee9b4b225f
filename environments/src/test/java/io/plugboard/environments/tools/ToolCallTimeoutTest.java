package io.plugboard.environments.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.wire.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A call_tool step that overruns its deadline ends as a timeout error, the way the reference's wait_for does. */
class ToolCallTimeoutTest {
  static final ObjectNode NO_ARGS = WireJson.object("{\"type\":\"object\",\"properties\":{}}");

  /** Tools: fast (returns at once), sleepy (sleeps 20 s unless interrupted), stubborn (ignores interrupts for 600 ms), broken. */
  static final class SlowTools implements ToolSet {
    final AtomicBoolean sleepyInterrupted = new AtomicBoolean();

    @Override
    public List<Tool> tools() {
      return List.of(new Tool("fast", "", NO_ARGS, null), new Tool("sleepy", "", NO_ARGS, null),
          new Tool("stubborn", "", NO_ARGS, null), new Tool("broken", "", NO_ARGS, null));
    }

    @Override
    public JsonNode call(String name, ObjectNode arguments) {
      switch (name) {
        case "fast":
          return TextNode.valueOf("ok");
        case "sleepy":
          try {
            Thread.sleep(20_000); // a tool stuck on I/O; the deadline interrupts it
          } catch (InterruptedException e) {
            sleepyInterrupted.set(true);
            Thread.currentThread().interrupt(); // well-behaved: keeps the flag for its caller
          }
          return TextNode.valueOf("too late");
        case "stubborn":
          long end = System.nanoTime() + 600_000_000L;
          while (System.nanoTime() < end) {
            Thread.onSpinWait(); // CPU-bound work that never looks at the interrupt flag
          }
          return TextNode.valueOf("too late");
        case "broken":
          throw new ToolCallException(ToolErrorType.EXECUTION_ERROR, "disk on fire");
        default:
          throw ToolCallException.unknownTool(name);
      }
    }
  }

  static final class SlowEnv extends McpEnvironment {
    SlowEnv(SlowTools tools, Duration timeout) {
      super(tools, timeout);
    }

    @Override
    public Observation reset(ResetRequest reset) {
      return Observation.of(WireJson.MAPPER.createObjectNode());
    }

    @Override
    public ObjectNode state() {
      return WireJson.MAPPER.createObjectNode();
    }
  }

  private static ObjectNode call(String tool) {
    return WireJson.object("{\"type\":\"call_tool\",\"tool_name\":\"" + tool + "\",\"arguments\":{}}");
  }

  @Test
  void anOverrunningToolIsInterruptedAndAnsweredAsATimeout() throws Exception {
    SlowTools tools = new SlowTools();
    SlowEnv env = new SlowEnv(tools, Duration.ofMillis(200));
    ObjectNode sleepy = env.step(call("sleepy")).fields();
    assertTrue(tools.sleepyInterrupted.get(), "the stuck tool was interrupted, not left to run 20 s");
    assertEquals("timeout", sleepy.at("/error/error_type").asText());
    assertEquals("Tool 'sleepy' timed out after 0.2 seconds", sleepy.at("/error/message").asText());
    assertTrue(sleepy.get("result").isNull());
    assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt does not leak to the server thread");

    ObjectNode stubborn = env.step(call("stubborn")).fields();
    assertEquals("timeout", stubborn.at("/error/error_type").asText(), "a result after the deadline is still a timeout");
    assertFalse(Thread.currentThread().isInterrupted());

    ObjectNode fast = env.step(call("fast")).fields();
    assertTrue(fast.get("error").isNull(), fast.toString());
    assertEquals("ok", fast.at("/result/data").asText(), fast.toString());
    assertEquals("execution_error", env.step(call("broken")).fields().at("/error/error_type").asText());
    for (int i = 0; i < 200; i++) {
      assertTrue(env.step(call("fast")).fields().get("error").isNull(), "fast calls never trip the deadline");
    }
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void httpStepTimeoutSecondsBoundsTheToolCallAndWsKeepsTheEnvironmentsDefault() throws Exception {
    io.plugboard.environments.Environment.Factory factory =
        io.plugboard.environments.Environment.Factory.concurrent("SlowEnv", () -> new SlowEnv(new SlowTools(), Duration.ofSeconds(20)));
    try (io.plugboard.environments.testing.TestServer server = io.plugboard.environments.testing.TestServer.start(c -> c.environment(factory))) {
      JsonNode timedOut = server.post("/step",
          "{\"action\":{\"type\":\"call_tool\",\"tool_name\":\"sleepy\",\"arguments\":{}},\"timeout_s\":0.25}").json();
      assertEquals("timeout", timedOut.at("/observation/error/error_type").asText(), timedOut.toString());
      assertEquals("Tool 'sleepy' timed out after 0.25 seconds", timedOut.at("/observation/error/message").asText());
      JsonNode fast = server.post("/step", "{\"action\":{\"type\":\"call_tool\",\"tool_name\":\"fast\",\"arguments\":{}},\"timeout_s\":5}").json();
      assertTrue(fast.at("/observation/error").isNull(), fast.toString());
      try (var ws = server.ws("/ws")) {
        ws.request("{\"type\":\"reset\",\"data\":{}}");
        JsonNode overWs = ws.request("{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"fast\",\"arguments\":{}}}");
        assertTrue(overWs.at("/data/observation/error").isNull(), overWs.toString());
      }
    }
  }

  @Test
  void secondsPrintLikePythonFloats() {
    assertEquals("30.0", ToolCallDeadline.seconds(Duration.ofSeconds(30)));
    assertEquals("0.25", ToolCallDeadline.seconds(Duration.ofMillis(250)));
    assertEquals("0.0001", ToolCallDeadline.seconds(Duration.ofNanos(100_000)));
    assertEquals(Duration.ofMillis(1500), io.plugboard.environments.StepOptions.timeoutSeconds(1.5).timeout().orElseThrow());
  }

  @Test
  void theDefaultIsTheReferences30SecondsAndATimeoutMustBePositive() {
    assertEquals(Duration.ofSeconds(30), McpEnvironment.DEFAULT_TOOL_CALL_TIMEOUT);
    assertThrows(IllegalArgumentException.class, () -> new SlowEnv(new SlowTools(), Duration.ZERO));
  }
}
