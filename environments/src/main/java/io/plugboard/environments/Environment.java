package io.plugboard.environments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.tasks.TaskProvider;
import io.plugboard.environments.tools.McpCatalog;
import io.plugboard.environments.tools.ToolSet;
import java.util.Optional;

/**
 * An OpenEnv environment: one episode at a time, driven by {@link #reset}, {@link #step} and
 * {@link #state}. This is what an environment author implements; the server turns it into the
 * OpenEnv wire protocol (HTTP, {@code /ws}, {@code /mcp}).
 *
 * <p>Actions, observations and state are JSON ({@link ObjectNode}) because environments are
 * dynamic. An action the environment cannot accept is rejected with {@link
 * InvalidActionException} (a {@code VALIDATION_ERROR} on the wire); any other exception becomes
 * an {@code EXECUTION_ERROR} and the session stays open.
 *
 * <p>Threading: an instance is confined to one session. The server never calls it from two
 * threads at once, but successive calls may come from different threads (with a happens-before
 * edge between them). Instances are built by a {@link Factory}, one per session, and closed by
 * the server when the session ends.
 */
public interface Environment extends AutoCloseable {

  /** Starts a new episode. {@code reset.extras()} holds keys other than seed and episode id. */
  Observation reset(ResetRequest reset) throws Exception;

  /** Applies one action and returns what the agent observes next. */
  Observation step(ObjectNode action) throws Exception;

  /**
   * Applies one action with the caller's per-call options (HTTP {@code /step}'s {@code timeout_s});
   * the default ignores them and calls {@link #step(ObjectNode)}. Tool environments
   * ({@link io.plugboard.environments.tools.McpEnvironment}) bound their tool call by the timeout.
   */
  default Observation step(ObjectNode action, StepOptions options) throws Exception {
    return step(action);
  }

  /** The current state; by convention at least {@code episode_id} and {@code step_count}. */
  ObjectNode state();

  /** Releases resources. Called once, when the session ends. The default does nothing. */
  @Override
  default void close() throws Exception {}

  /** Describes this environment for {@code GET /metadata}. */
  default EnvironmentMetadata metadata() {
    return EnvironmentMetadata.defaultsFor(getClass().getSimpleName());
  }

  /** JSON schemas of action, observation and state for {@code GET /schema}. */
  default EnvironmentSchemas schemas() {
    return EnvironmentSchemas.BASE;
  }

  /** MCP tools this environment exposes on {@code /mcp}, if any. */
  default Optional<ToolSet> tools() {
    return Optional.empty();
  }

  /**
   * MCP resources and prompts served to standard MCP clients on {@code /mcp} beside the tools;
   * empty (the default) for an OpenEnv environment, which has tools only.
   */
  default Optional<McpCatalog> mcpCatalog() {
    return Optional.empty();
  }

  /** The tasks this environment can list for the Task API (spec section 16), if any. */
  default Optional<TaskProvider> tasks() {
    return Optional.empty();
  }

  /**
   * Builds one {@link Environment} per session. Implementations must be safe for concurrent use:
   * the server calls {@link #create()} from many threads.
   */
  @FunctionalInterface
  interface Factory {
    /** Returns a fresh, independent environment. An exception becomes {@code FACTORY_ERROR}. */
    Environment create() throws Exception;

    /**
     * Whether instances built by this factory are isolated from each other, so that more than one
     * session may run at a time. When false the server refuses to start with more than one session.
     */
    default boolean supportsConcurrentSessions() {
      return false;
    }

    /** The name reported in {@code FACTORY_ERROR} frames; by default this factory's class name. */
    default String name() {
      return getClass().getSimpleName();
    }

    /** Returns a factory that declares its instances safe to run in concurrent sessions. */
    static Factory concurrent(String name, Factory factory) {
      return new Factory() {
        @Override
        public Environment create() throws Exception {
          return factory.create();
        }

        @Override
        public boolean supportsConcurrentSessions() {
          return true;
        }

        @Override
        public String name() {
          return name;
        }
      };
    }
  }
}
