package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.Episode;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.episode.TaskSet;
import io.plugboard.validators.probe.HttpProbe;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runtime.observation_schema}: the observation schema in {@code /schema} compiles as JSON
 * Schema (2020-12), and every observation returned by reset and step validates against it once
 * the wire-flattened fields ({@code done}, {@code reward}, {@code metadata}) are set aside.
 */
final class ObservationSchemaCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    HttpProbe.Reply r = ctx.environmentHttp().get("/schema");
    CheckOutcome.Builder out = CheckOutcome.builder()
        .remediation("Make /schema's observation schema describe what reset and step really send (or fix the observations).");
    JsonNode obsSchema = r.json() == null ? null : r.json().get("observation");
    if (obsSchema == null || !obsSchema.isObject()) {
      out.evidence(r.describe("GET /schema") + " (no observation schema)");
      return out.passIf(false);
    }
    ObjectNode flattened = obsSchema.deepCopy();
    if (flattened.get("properties") instanceof ObjectNode props) {
      props.remove(List.of("done", "reward", "metadata"));
    }
    if (flattened.get("required") instanceof ArrayNode req) {
      ArrayNode keep = req.arrayNode();
      req.forEach(n -> {
        if (!List.of("done", "reward", "metadata").contains(n.asText())) keep.add(n);
      });
      flattened.set("required", keep);
    }
    Schema schema;
    try {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(flattened.toString());
    } catch (RuntimeException e) {
      out.evidence("the observation schema does not compile: " + e.getMessage());
      return out.passIf(false);
    }
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    // MCP environments (call_tool/list_tools actions) reset to the base Observation, as the
    // reference's echo does: their reset observation is only required to be an object.
    boolean mcp = io.plugboard.environments.schema.ActionShape.isMcp(r.json().path("action"));
    int checked = 0;
    int invalid = 0;
    List<TaskSet.Task> tasks = TaskSet.sample(ctx.target()).tasks();
    for (TaskSet.Task t : tasks.subList(0, Math.min(3, tasks.size()))) {
      Episode e = player.play(t.resetData(), List.of("1", t.oracle().orElse("2")));
      List<JsonNode> frames = new ArrayList<>();
      if (e.resetReply() != null) frames.add(e.resetReply());
      frames.addAll(e.stepReplies());
      for (JsonNode f : frames) {
        if (!"observation".equals(f.path("type").asText())) continue;
        checked++;
        JsonNode obs = f.path("data").path("observation");
        if (mcp && f == e.resetReply()) {
          if (!obs.isObject()) {
            invalid++;
            out.evidence(t.label() + ": reset observation is not an object: " + abbreviate(obs.toString()));
          }
          continue;
        }
        var errors = schema.validate(obs);
        if (!errors.isEmpty()) {
          invalid++;
          out.evidence(t.label() + ": observation " + abbreviate(obs.toString()) + " violates the schema: "
              + errors.get(0).getInstanceLocation() + " " + errors.get(0).getMessage());
          if (invalid == 1) out.transcript(e.transcript());
        }
      }
    }
    out.measure("observations_checked", checked).measure("mcp_reset_lenient", mcp).measure("invalid", invalid);
    if (checked == 0) out.evidence("no observation frame came back to validate");
    return out.passIf(invalid == 0 && checked > 0);
  }

  static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 157) + "...";
  }
}
