package io.plugboard.environments;

/** Thrown when an {@link Environment.Factory} fails to build an instance ({@code FACTORY_ERROR}). */
public final class EnvironmentFactoryException extends EnvironmentException {
  private final String factoryName;

  public EnvironmentFactoryException(String factoryName, Throwable cause) {
    super("Environment factory '" + factoryName + "' failed to create instance.", cause);
    this.factoryName = factoryName;
  }

  public String factoryName() {
    return factoryName;
  }
}
