package io.plugboard.harness.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import java.io.IOException;

/**
 * An inner environment that is another OpenEnv server: each gateway session opens its own
 * {@code /ws} session on the remote server and forwards reset, step and state. Remote errors come
 * back as exceptions carrying the remote message, which the gateway checks for hidden values
 * before anything reaches the agent. Confined to one session.
 */
public final class RemoteEnvironment implements Environment {
  private final EnvSession session;

  private RemoteEnvironment(EnvSession session) {
    this.session = session;
  }

  /** A factory that opens one remote session per gateway session. */
  public static Environment.Factory factory(OpenEnvClient remote) {
    return Environment.Factory.concurrent("RemoteEnvironment", () -> new RemoteEnvironment(remote.connect()));
  }

  @Override
  public Observation reset(ResetRequest reset) throws IOException {
    ObjectNode data = reset.extras().deepCopy();
    if (reset.seed() != null) data.put("seed", reset.seed());
    if (reset.episodeId() != null) data.put("episode_id", reset.episodeId());
    return observation(session.reset(data));
  }

  @Override
  public Observation step(ObjectNode action) throws IOException {
    return observation(session.step(action));
  }

  @Override
  public ObjectNode state() {
    try {
      return session.state();
    } catch (IOException e) {
      throw new IllegalStateException("remote state failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    session.close();
  }

  private static Observation observation(StepResult r) {
    return new Observation(r.observation(), r.reward(), r.done());
  }
}
