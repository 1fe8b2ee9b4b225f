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
import java.util.ArrayList;
import java.util.List;

/**
 * OpenRLHF's remote reward model: {@code {"query": [prompt + response], "prompts": [prompt],
 * "labels": [label]}}, batched; the answer is {@code {"rewards": [...]}} of the same length
 * (a {@code scores} list or {@code extra_logs} beside it are ignored).
 */
final class OpenRlhfCodec implements DialectCodec {
  private final FieldMap fields;

  OpenRlhfCodec(FieldMap fields) {
    this.fields = fields;
  }

  @Override
  public int maxBatch() {
    return Integer.MAX_VALUE;
  }

  @Override
  public String scoreUrl(String baseUrl) {
    return baseUrl;
  }

  @Override
  public byte[] encode(List<ScoreRequest> batch, boolean withTrajectory) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    ArrayNode query = n.putArray("query");
    ArrayNode prompts = n.putArray("prompts");
    ArrayNode labels = n.putArray("labels");
    for (ScoreRequest r : batch) {
      String prompt = fields.prompt(r);
      query.add(prompt + (r.completion() == null ? "" : r.completion()));
      prompts.add(prompt);
      labels.add(fields.label(r));
    }
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public List<Score> decode(List<ScoreRequest> batch, byte[] body, RewardInfo info) {
    JsonNode root = DialectCodec.parse(body);
    if (root == null) return DialectCodec.allFail(batch, "response is not valid JSON", body);
    JsonNode rewards = root.get("rewards");
    if (rewards == null || !rewards.isArray()) return DialectCodec.allFail(batch, "response has no 'rewards' array", body);
    if (rewards.size() != batch.size())
      return DialectCodec.allFail(batch, "'rewards' has " + rewards.size() + " values for " + batch.size() + " requests", body);
    List<Score> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++)
    {
      final int at = i;
      out.add(WireFormat.readReward(rewards.get(i), info, () -> "rewards[" + at + "] of " + Text.quote(root.toString())));
    }
    return out;
  }
}
