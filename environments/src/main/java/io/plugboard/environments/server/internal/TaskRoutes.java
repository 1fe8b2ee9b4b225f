package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.plugboard.environments.tasks.TaskProvider;
import io.plugboard.environments.tasks.TaskSplit;
import io.plugboard.environments.wire.WireJson;
import java.util.List;

/**
 * The Task API (spec 16): {@code /list_environments} and {@code /{env_name}/…}. Each call builds a
 * fresh environment, asks its {@link TaskProvider} and closes it. Unknown env name 404,
 * unsupported 501, out of range 400.
 */
final class TaskRoutes {
  static final List<String> ROUTES = List.of("/{env_name}/splits", "/{env_name}/tasks", "/{env_name}/num_tasks",
      "/{env_name}/task", "/{env_name}/task_range");

  private final SessionPool pool;
  private final HttpReply reply;
  private final String envName;

  TaskRoutes(SessionPool pool, HttpReply reply, String envName) {
    this.pool = pool;
    this.reply = reply;
    this.envName = envName;
  }

  void register(JavalinConfig cfg) {
    var r = cfg.routes;
    r.get("/list_environments", ctx -> reply.json(ctx, "/list_environments", WireJson.MAPPER.createArrayNode().add(envName)));
    r.get("/{env_name}/splits", ctx -> withTasks(ctx, "/splits", "list_splits", (t, body) -> {
      ArrayNode a = WireJson.MAPPER.createArrayNode();
      for (TaskSplit s : t.splits()) a.addObject().put("name", s.name()).put("type", s.type());
      return a;
    }));
    r.post("/{env_name}/tasks", ctx -> withTasks(ctx, "/tasks", "list_tasks", (t, body) -> {
      ObjectNode o = WireJson.MAPPER.createObjectNode();
      o.set("tasks", array(t.tasks(split(t, body))));
      o.put("env_name", envName);
      return o;
    }));
    r.post("/{env_name}/num_tasks", ctx -> withTasks(ctx, "/num_tasks", "num_tasks",
        (t, body) -> WireJson.MAPPER.createObjectNode().put("num_tasks", t.numTasks(split(t, body)))));
    r.post("/{env_name}/task", ctx -> withTasks(ctx, "/task", "get_task", (t, body) -> {
      String split = split(t, body);
      JsonNode idx = body.get("index");
      if (idx == null || !idx.isIntegralNumber()) throw new HttpStatusException(400, "'index' must be an integer");
      long n = t.numTasks(split);
      if (idx.longValue() < 0 || idx.longValue() >= n) {
        throw new HttpStatusException(400, "index " + idx.longValue() + " out of range for split '" + split + "' with " + n + " tasks");
      }
      ObjectNode o = WireJson.MAPPER.createObjectNode();
      o.set("task", t.task(split, idx.longValue()));
      return o;
    }));
    r.post("/{env_name}/task_range", ctx -> withTasks(ctx, "/task_range", "get_task_range", (t, body) -> {
      String split = split(t, body);
      ObjectNode o = WireJson.MAPPER.createObjectNode();
      o.set("tasks", array(t.taskRange(split, bound(body, "start"), bound(body, "stop"))));
      return o;
    }));
  }

  private interface TaskCall {
    JsonNode apply(TaskProvider tasks, ObjectNode body);
  }

  /** {@code method} is the reference's provider method, named in its 501 detail. */
  private void withTasks(Context ctx, String suffix, String method, TaskCall call) throws Exception {
    if (!ctx.pathParam("env_name").equalsIgnoreCase(envName)) throw new HttpStatusException(404, "Not Found");
    ObjectNode body = ctx.method().name().equals("POST") ? HttpRoutes.body(ctx, true) : WireJson.MAPPER.createObjectNode();
    JsonNode result = FreshEnvironment.use(pool.factory(), env -> {
      TaskProvider t = env.tasks().orElseThrow(() -> new HttpStatusException(501, method + " is not supported for this environment"));
      try {
        return call.apply(t, body);
      } catch (UnsupportedOperationException e) {
        throw new HttpStatusException(501, "Not supported: " + ErrorMapper.text(e));
      } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
        throw new HttpStatusException(400, ErrorMapper.text(e));
      }
    });
    reply.json(ctx, "/" + envName + suffix, result);
  }

  private static String split(TaskProvider t, ObjectNode body) {
    JsonNode s = body.get("split");
    if (s == null || !s.isTextual()) throw new HttpStatusException(400, "'split' is required and must be a string");
    boolean known = t.splits().stream().anyMatch(x -> x.name().equals(s.textValue()));
    if (!known) throw new HttpStatusException(400, "unknown split '" + s.textValue() + "'");
    return s.textValue();
  }

  private static Long bound(ObjectNode body, String key) {
    JsonNode v = body.get(key);
    if (v == null || v.isNull()) return null;
    if (!v.isIntegralNumber()) throw new HttpStatusException(400, "'" + key + "' must be an integer or null");
    return v.longValue();
  }

  private static ArrayNode array(List<ObjectNode> items) {
    ArrayNode a = WireJson.MAPPER.createArrayNode();
    items.forEach(a::add);
    return a;
  }
}
