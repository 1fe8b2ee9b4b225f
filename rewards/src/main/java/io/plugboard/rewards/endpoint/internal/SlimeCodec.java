package io.plugboard.rewards.endpoint.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
 * slime's remote RM: {@code {"prompt", "response", "label"}} one per call; the answer is a
 * number or an object whose {@code reward_key} (mapped as {@code reward_key=<key>}, default
 * {@code reward}) holds it.
 */
final class SlimeCodec implements DialectCodec {
  private final FieldMap fields;
  private final String rewardKey;

  SlimeCodec(FieldMap fields) {
    this.fields = fields;
    this.rewardKey = fields.entries().getOrDefault("reward_key", "reward");
  }

  @Override
  public int maxBatch() {
    return 1;
  }

  @Override
  public String scoreUrl(String baseUrl) {
    return baseUrl;
  }

  @Override
  public byte[] encode(List<ScoreRequest> batch, boolean withTrajectory) {
    ScoreRequest r = batch.get(0);
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("prompt", fields.prompt(r));
    n.set("response", FieldMap.text(r.completion() == null ? "" : r.completion()));
    n.set("label", fields.label(r));
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public List<Score> decode(List<ScoreRequest> batch, byte[] body, RewardInfo info) {
    JsonNode root = DialectCodec.parse(body);
    if (root == null) return DialectCodec.allFail(batch, "response is not valid JSON", body);
    String quoted = Text.quote(root.toString());
    JsonNode reward = root.isObject() ? root.get(rewardKey) : root;
    if (root.isObject() && reward == null)
      return List.of(Score.error("invalid_response", "response has no '" + rewardKey + "' key: " + quoted));
    if (!root.isObject() && !root.isValueNode())
      return List.of(Score.error("invalid_response", "response is neither a number nor an object: " + quoted));
    return List.of(WireFormat.readReward(reward, info, quoted));
  }
}
