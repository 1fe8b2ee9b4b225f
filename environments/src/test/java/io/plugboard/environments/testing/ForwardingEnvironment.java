package io.plugboard.environments.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentMetadata;
import io.plugboard.environments.EnvironmentSchemas;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.tasks.TaskProvider;
import io.plugboard.environments.tools.ToolSet;
import java.util.Optional;

/** Delegates everything to another environment; tests override one method to break it on purpose. */
public class ForwardingEnvironment implements Environment {
  protected final Environment delegate;

  public ForwardingEnvironment(Environment delegate) {
    this.delegate = delegate;
  }

  @Override
  public Observation reset(ResetRequest reset) throws Exception {
    return delegate.reset(reset);
  }

  @Override
  public Observation step(ObjectNode action) throws Exception {
    return delegate.step(action);
  }

  @Override
  public ObjectNode state() {
    return delegate.state();
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }

  @Override
  public EnvironmentMetadata metadata() {
    return delegate.metadata();
  }

  @Override
  public EnvironmentSchemas schemas() {
    return delegate.schemas();
  }

  @Override
  public Optional<ToolSet> tools() {
    return delegate.tools();
  }

  @Override
  public Optional<io.plugboard.environments.tools.McpCatalog> mcpCatalog() {
    return delegate.mcpCatalog();
  }

  @Override
  public Optional<TaskProvider> tasks() {
    return delegate.tasks();
  }
}
