package io.plugboard.rewards.endpoint.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.rewards.RewardInfo;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.internal.Text;
import io.plugboard.rewards.internal.WireFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The native protocol: batched, per-result status, results matched to requests by id. */
final class PlugboardCodec implements DialectCodec {
  @Override
  public int maxBatch() {
    return Integer.MAX_VALUE;
  }

  @Override
  public String scoreUrl(String baseUrl) {
    return baseUrl + "/score";
  }

  @Override
  public byte[] encode(List<ScoreRequest> batch, boolean withTrajectory) {
    return WireFormat.writeRequests(batch, withTrajectory);
  }

  @Override
  public List<Score> decode(List<ScoreRequest> batch, byte[] body, RewardInfo info) {
    JsonNode root = DialectCodec.parse(body);
    if (root == null) return DialectCodec.allFail(batch, "response is not valid JSON", body);
    JsonNode results = root.get("results");
    if (results == null || !results.isArray()) return DialectCodec.allFail(batch, "response has no 'results' array", body);
    Map<String, List<JsonNode>> byId = new HashMap<>();
    for (JsonNode r : results) {
      JsonNode id = r.get("id");
      if (id != null && id.isTextual()) byId.computeIfAbsent(id.textValue(), k -> new ArrayList<>()).add(r);
    }
    List<Score> out = new ArrayList<>(batch.size());
    for (ScoreRequest req : batch) {
      List<JsonNode> rs = byId.getOrDefault(req.id(), List.of());
      if (rs.isEmpty())
        out.add(Score.error("invalid_response", "no result for id '" + req.id() + "' in " + Text.quote(results.toString())));
      else if (rs.size() > 1)
        out.add(Score.error("invalid_response", rs.size() + " results for id '" + req.id() + "': " + Text.quote(rs.toString())));
      else out.add(WireFormat.readResult(rs.get(0), info));
    }
    return out;
  }
}
