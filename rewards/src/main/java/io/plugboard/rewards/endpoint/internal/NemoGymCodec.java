package io.plugboard.rewards.endpoint.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.RewardInfo;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.internal.Json;
import io.plugboard.rewards.internal.Text;
import io.plugboard.rewards.internal.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * NeMo Gym's {@code /verify}: the task fields at top level, {@code responses_create_params}
 * (taken from the task when it has that column, else built from the prompt) and the policy's
 * {@code response} as a complete Responses-API {@code Response} (what NeMo Gym validates it
 * against) holding the completion as one assistant message; the answer is an object with
 * {@code reward}.
 */
final class NemoGymCodec implements DialectCodec {
  private final FieldMap fields;

  NemoGymCodec(FieldMap fields) {
    this.fields = fields;
  }

  @Override
  public int maxBatch() {
    return 1;
  }

  @Override
  public String scoreUrl(String baseUrl) {
    return baseUrl + "/verify";
  }

  @Override
  public byte[] encode(List<ScoreRequest> batch, boolean withTrajectory) {
    ScoreRequest r = batch.get(0);
    ObjectNode n = r.task().deepCopy();
    fields.entries().forEach((field, column) -> {
      if (!field.equals("reward_key") && r.task().has(column)) n.set(field, r.task().get(column));
    });
    if (!n.has("responses_create_params")) {
      ArrayNode input = n.putObject("responses_create_params").putArray("input");
      input.addObject().put("role", "user").put("content", fields.prompt(r));
    }
    // every field NeMo Gym's NeMoGymResponse (the OpenAI Responses API Response) requires: without
    // created_at, model, parallel_tool_calls, tool_choice, tools, the message id or the text's annotations
    // its resources servers answer 422 (nemo-gym 0.4.0)
    ObjectNode response = n.putObject("response");
    response.put("id", r.id());
    response.put("created_at", System.currentTimeMillis() / 1000);
    response.put("model", r.metadata().path("model").asText("plugboard"));
    response.put("object", "response");
    ObjectNode msg = response.putArray("output").addObject();
    msg.put("id", "msg_" + r.id()).put("type", "message").put("role", "assistant").put("status", "completed");
    ObjectNode text = msg.putArray("content").addObject();
    text.put("type", "output_text").put("text", r.completion() == null ? "" : r.completion());
    text.putArray("annotations");
    response.put("parallel_tool_calls", false);
    response.put("tool_choice", "auto");
    response.putArray("tools");
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public List<Score> decode(List<ScoreRequest> batch, byte[] body, RewardInfo info) {
    JsonNode root = DialectCodec.parse(body);
    if (root == null) return DialectCodec.allFail(batch, "response is not valid JSON", body);
    String quoted = Text.quote(root.toString());
    if (!root.isObject() || !root.has("reward"))
      return List.of(Score.error("invalid_response", "response is not an object with 'reward': " + quoted));
    return List.of(WireFormat.readReward(root.get("reward"), info, quoted));
  }
}
