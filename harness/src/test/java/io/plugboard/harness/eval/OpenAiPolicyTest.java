package io.plugboard.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.schema.ActionShape;
import io.plugboard.harness.eval.policy.EpisodeContext;
import io.plugboard.harness.eval.policy.OpenAiPolicy;
import io.plugboard.harness.eval.policy.PolicyAction;
import io.plugboard.harness.eval.policy.PolicyEpisode;
import io.plugboard.harness.eval.policy.PolicyException;
import io.plugboard.harness.testing.ScriptedChatServer;
import io.plugboard.harness.testing.ScriptedChatServer.Raw;
import io.plugboard.harness.testing.ScriptedChatServer.Stall;
import io.plugboard.harness.testing.ScriptedChatServer.Text;
import io.plugboard.harness.testing.ScriptedChatServer.ToolCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiPolicyTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static EpisodeContext ctx(ArrayNode tools) {
    return new EpisodeContext(0, 0, null, List.of("answer"), ActionShape.field("answer"), tools);
  }

  static ObjectNode prompt(String text) {
    return JSON.createObjectNode().put("prompt", text);
  }

  @Test
  void textAnswersBecomeTheTargetsActionAndTokensAreCounted() throws Exception {
    try (ScriptedChatServer chat = new ScriptedChatServer(b -> new Text("The answer is 72."));
        OpenAiPolicy p = new OpenAiPolicy(chat.baseUrl(), "m1", "sk-secret-token", Duration.ofSeconds(5))) {
      PolicyAction a = p.start(ctx(JSON.createArrayNode())).next(prompt("How many clips?"));
      assertEquals("The answer is 72.", a.action().get("answer").asText());
      assertEquals(11, a.promptTokens());
      assertEquals(7, a.completionTokens());
      assertEquals("m1", chat.requests.get(0).get("model").asText());
      assertEquals("How many clips?", ScriptedChatServer.lastUser(chat.requests.get(0)));
    }
  }

  @Test
  void mcpToolsAreOfferedAsFunctionsAndToolResultsContinueTheConversation() throws Exception {
    ArrayNode tools = JSON.createArrayNode();
    tools.addObject().put("name", "echo_message").put("description", "echo")
        .putObject("input_schema").put("type", "object");
    try (ScriptedChatServer chat = new ScriptedChatServer(b -> b.path("messages").size() == 1
            ? new ToolCall("echo_message", "{\"message\":\"hi\"}") : new Text("done"));
        OpenAiPolicy p = new OpenAiPolicy(chat.baseUrl(), "m", null, Duration.ofSeconds(5))) {
      PolicyEpisode ep = p.start(ctx(tools));
      PolicyAction call = ep.next(prompt("use the tool"));
      assertEquals("call_tool", call.action().get("type").asText());
      assertEquals("echo_message", call.action().get("tool_name").asText());
      assertEquals("hi", call.action().get("arguments").get("message").asText());
      assertEquals("echo_message", chat.requests.get(0).at("/tools/0/function/name").asText());
      ObjectNode toolObs = JSON.createObjectNode().put("tool_name", "echo_message");
      toolObs.putObject("result").put("data", "hi");
      PolicyAction fin = ep.next(toolObs);
      assertEquals("done", fin.action().get("answer").asText());
      var second = chat.requests.get(1).get("messages");
      assertEquals("tool", second.get(2).get("role").asText());
      assertEquals("hi", second.get(2).get("content").asText());
    }
  }

  @Test
  void malformedResponsesAndTimeoutsArePolicyErrorsThatNeverLeakTheKey() throws Exception {
    try (ScriptedChatServer chat = new ScriptedChatServer(b -> switch (ScriptedChatServer.lastUser(b)) {
          case "notjson" -> new Raw("<html>oops</html>");
          case "nochoices" -> new Raw("{\"error\":\"x\"}");
          default -> new Stall(1500, "late");
        });
        OpenAiPolicy p = new OpenAiPolicy(chat.baseUrl(), "m", "sk-secret-token", Duration.ofMillis(300))) {
      PolicyException a = assertThrows(PolicyException.class, () -> p.start(ctx(null)).next(prompt("notjson")));
      assertTrue(a.getMessage().contains("malformed") && a.getMessage().contains("not JSON"), a.getMessage());
      PolicyException b = assertThrows(PolicyException.class, () -> p.start(ctx(null)).next(prompt("nochoices")));
      assertTrue(b.getMessage().contains("choices"), b.getMessage());
      PolicyException c = assertThrows(PolicyException.class, () -> p.start(ctx(null)).next(prompt("slow")));
      assertTrue(c.getMessage().contains("timed out"), c.getMessage());
      for (PolicyException e : List.of(a, b, c)) assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
    }
  }
}
