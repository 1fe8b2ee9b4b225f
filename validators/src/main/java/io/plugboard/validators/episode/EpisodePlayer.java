package io.plugboard.validators.episode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.schema.ActionShape;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.WireSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plays scripted episodes against an environment over {@code /ws}: reset into a task, submit
 * answers (one per step) until the episode is done or the answers run out. Knows how the
 * environment wants its answers ({@link ActionShape}, inferred once from {@code /schema}).
 * One player per check; not thread-safe except {@link #play}, which opens its own session.
 */
public final class EpisodePlayer {
  private final CheckContext ctx;
  private final ActionShape shape;

  private EpisodePlayer(CheckContext ctx, ActionShape shape) {
    this.ctx = ctx;
    this.shape = shape;
  }

  /** Builds a player, reading {@code /schema} (and {@code list_tools} for MCP actions). */
  public static EpisodePlayer forTarget(CheckContext ctx) throws IOException {
    HttpProbe.Reply schema = ctx.environmentHttp().get("/schema");
    JsonNode action = schema.json() == null ? null : schema.json().get("action");
    String override = ctx.target().settings().answerField();
    if (override != null && !override.isBlank()) return new EpisodePlayer(ctx, ActionShape.forField(action, override));
    if (!ActionShape.isMcp(action)) return new EpisodePlayer(ctx, ActionShape.fromSchema(action));
    try (WireSession s = ctx.openAndReset(Json.MAPPER.createObjectNode()).session()) {
      JsonNode reply = s.step(Json.MAPPER.createObjectNode().put("type", "list_tools"));
      return new EpisodePlayer(ctx, ActionShape.fromSchema(action, reply.path("data").path("observation").path("tools")));
    }
  }

  public ActionShape shape() {
    return shape;
  }

  /**
   * Plays one episode on a fresh session and closes it, waiting (up to 5 s) for a free session
   * when the server is at capacity. Never throws for server misbehaviour.
   */
  public Episode play(ObjectNode resetData, List<String> answers) {
    CheckContext.Ready ready;
    try {
      ready = ctx.openAndReset(resetData);
    } catch (IOException e) {
      return new Episode(null, List.of(), List.of(), false, e.getMessage(), List.of());
    }
    try (WireSession s = ready.session()) {
      return continueAfterReset(s, ready.resetReply(), answers);
    }
  }

  /** Plays one episode on the given session (left open). */
  public Episode play(WireSession s, ObjectNode resetData, List<String> answers) {
    JsonNode resetReply;
    try {
      resetReply = s.reset(resetData.deepCopy());
    } catch (IOException e) {
      return new Episode(null, List.of(), List.of(), false, e.getMessage(), s.transcript());
    }
    return continueAfterReset(s, resetReply, answers);
  }

  private Episode continueAfterReset(WireSession s, JsonNode resetReply, List<String> answers) {
    int maxSteps = ctx.target().settings().maxSteps();
    List<JsonNode> steps = new ArrayList<>();
    List<JsonNode> rewards = new ArrayList<>();
    boolean done = false;
    String error = null;
    try {
      if (isError(resetReply)) {
        error = "reset answered " + resetReply;
      } else {
        done = resetReply.path("data").path("done").asBoolean(false);
        for (int i = 0; i < Math.min(answers.size(), maxSteps) && !done; i++) {
          JsonNode reply = s.step(shape.action(answers.get(i)));
          steps.add(reply);
          if (isError(reply)) {
            error = "step " + (i + 1) + " answered " + reply;
            break;
          }
          rewards.add(reply.path("data").get("reward"));
          done = reply.path("data").path("done").asBoolean(false);
        }
      }
    } catch (IOException e) {
      error = e.getMessage();
    }
    return new Episode(resetReply, steps, rewards, done, error, s.transcript());
  }

  /** An oracle episode: the answer it played (empty when no oracle was known) and the episode. */
  public record OracleRun(Optional<String> answer, Episode episode) {}

  /**
   * Plays the oracle on a fresh session: the task's dataset answer, else the environment-declared
   * solution read from {@code state.solution} right after the reset. Returns an empty answer
   * (and no steps) when neither is known.
   */
  public OracleRun playOracle(TaskSet.Task task) {
    if (task.oracle().isPresent()) {
      return new OracleRun(task.oracle(), play(task.resetData(), List.of(task.oracle().get())));
    }
    CheckContext.Ready ready;
    try {
      ready = ctx.openAndReset(task.resetData());
    } catch (IOException e) {
      return new OracleRun(Optional.empty(), null);
    }
    try (WireSession s = ready.session()) {
      JsonNode r = ready.resetReply();
      if (isError(r)) return new OracleRun(Optional.empty(), new Episode(r, List.of(), List.of(), false, "reset answered " + r, s.transcript()));
      JsonNode sol = s.state().path("data").get("solution");
      if (sol == null || sol.isNull()) return new OracleRun(Optional.empty(), null);
      String answer = sol.isTextual() ? sol.asText() : sol.toString();
      return new OracleRun(Optional.of(answer), play(s, task.resetData(), List.of(answer)));
    } catch (IOException e) {
      return new OracleRun(Optional.empty(), null);
    }
  }

  static boolean isError(JsonNode reply) {
    return "error".equals(reply.path("type").asText());
  }
}
