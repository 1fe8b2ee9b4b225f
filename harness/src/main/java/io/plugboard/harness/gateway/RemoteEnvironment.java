package io.plugboard.harness.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.harness.eval.EvalTarget;
import io.plugboard.harness.eval.internal.OpenEnvSocket;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * An inner environment that is another OpenEnv server: each gateway session opens its own
 * {@code /ws} session on the remote server and forwards reset, step and state. Remote errors
 * come back as exceptions carrying the remote message (checked for hidden values by the gateway).
 * Confined to one session.
 */
public final class RemoteEnvironment implements Environment {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenEnvSocket socket;

  private RemoteEnvironment(OpenEnvSocket socket) {
    this.socket = socket;
  }

  /** A factory that opens one remote session per gateway session. */
  public static Environment.Factory factory(String url, OkHttpClient http, Duration replyTimeout) {
    EvalTarget target = EvalTarget.parse(url);
    return Environment.Factory.concurrent("RemoteEnvironment",
        () -> new RemoteEnvironment(OpenEnvSocket.open(http, target.wsUrl(), replyTimeout)));
  }

  @Override
  public Observation reset(ResetRequest reset) throws IOException {
    ObjectNode data = reset.extras().deepCopy();
    if (reset.seed() != null) data.put("seed", reset.seed());
    if (reset.episodeId() != null) data.put("episode_id", reset.episodeId());
    return observation(socket.request("reset", data));
  }

  @Override
  public Observation step(ObjectNode action) throws IOException {
    return observation(socket.request("step", action));
  }

  @Override
  public ObjectNode state() {
    try {
      ObjectNode reply = check(socket.request("state", null));
      JsonNode d = reply.get("data");
      return d instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    socket.close();
  }

  private static Observation observation(ObjectNode reply) throws IOException {
    JsonNode d = check(reply).path("data");
    JsonNode obs = d.get("observation");
    if (!(obs instanceof ObjectNode o)) throw new IOException("remote reply has no observation object: " + reply);
    JsonNode r = d.get("reward");
    return new Observation(o, r == null ? null : r, d.path("done").asBoolean(false));
  }

  private static ObjectNode check(ObjectNode reply) throws IOException {
    if ("error".equals(reply.path("type").asText())) {
      throw new IOException("remote environment error " + reply.path("data").path("code").asText("UNKNOWN") + ": "
          + reply.path("data").path("message").asText(""));
    }
    return reply;
  }
}
