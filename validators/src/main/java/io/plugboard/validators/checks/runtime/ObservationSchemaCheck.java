package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.plugboard.validators.probe.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runtime.observation_schema}: the observation schema in {@code /schema} compiles as JSON
 * Schema (2020-12), and every observation returned by reset and step validates against it once
 * rebuilt as the observation model ({@link #instance}); reset observations are checked against
 * {@code /schema}'s {@code reset_observation} when the server publishes one.
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
    Schema schema;
    Schema resetSchema = null;
    try {
      schema = compile(obsSchema);
      // OpenEnv 0.10: /schema may describe the reset observation separately (reset_observation_cls).
      JsonNode reset = r.json().get("reset_observation");
      if (reset != null && reset.isObject()) resetSchema = compile(reset);
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
        boolean isReset = f == e.resetReply();
        if (isReset && resetSchema == null && mcp) {
          if (!obs.isObject()) {
            invalid++;
            out.evidence(t.label() + ": reset observation is not an object: " + abbreviate(obs.toString()));
          }
          continue;
        }
        var errors = (isReset && resetSchema != null ? resetSchema : schema).validate(instance(f.path("data")));
        if (!errors.isEmpty()) {
          invalid++;
          out.evidence(t.label() + ": observation " + abbreviate(obs.toString()) + " violates the schema: "
              + errors.get(0).getInstanceLocation() + " " + errors.get(0).getMessage());
          if (invalid == 1) out.transcript(e.transcript());
        }
      }
    }
    out.measure("observations_checked", checked).measure("mcp_reset_lenient", mcp && resetSchema == null)
        .measure("reset_schema", resetSchema != null).measure("invalid", invalid);
    if (checked == 0) out.evidence("no observation frame came back to validate");
    return out.passIf(invalid == 0 && checked > 0);
  }

  private static Schema compile(JsonNode schema) {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema.toString());
  }

  /**
   * The observation model instance a frame stands for, rebuilt as OpenEnv 0.10's own runtime
   * grader does: the observation fields (with {@code metadata}, which travels since 0.10) plus
   * {@code reward} and {@code done}.
   */
  static ObjectNode instance(JsonNode data) {
    ObjectNode o = data.path("observation") instanceof ObjectNode on ? on.deepCopy() : Json.MAPPER.createObjectNode();
    o.set("reward", data.get("reward"));
    o.set("done", data.get("done"));
    return o;
  }

  static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 157) + "...";
  }
}
