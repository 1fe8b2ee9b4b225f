package io.plugboard.environments;

import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.guess.NumberGuessEnvironment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Names of servable environments mapped to their factories ({@code plugboard serve <name>}).
 * Immutable: {@link #with} returns a new registry, so other modules add theirs (the gateway adds
 * {@code qa}) without touching this one. Thread-safe.
 */
public final class EnvironmentRegistry {
  private final Map<String, Environment.Factory> factories;

  private EnvironmentRegistry(Map<String, Environment.Factory> factories) {
    this.factories = Collections.unmodifiableMap(factories);
  }

  /** The reference environments of this module: {@code echo} and {@code guess}. */
  public static EnvironmentRegistry builtIn() {
    Map<String, Environment.Factory> m = new LinkedHashMap<>();
    m.put("echo", EchoEnvironment.FACTORY);
    m.put("guess", NumberGuessEnvironment.FACTORY);
    return new EnvironmentRegistry(m);
  }

  /** A registry with one more (or a replaced) entry. Names are lower-case words. */
  public EnvironmentRegistry with(String name, Environment.Factory factory) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) throw new IllegalArgumentException("bad environment name: " + name);
    if (factory == null) throw new IllegalArgumentException("factory is null");
    Map<String, Environment.Factory> m = new LinkedHashMap<>(factories);
    m.put(name, factory);
    return new EnvironmentRegistry(m);
  }

  /** The factory for a name (case-insensitive; {@code echo_env} and {@code echo-env} mean {@code echo}). */
  public Optional<Environment.Factory> factory(String name) {
    if (name == null) return Optional.empty();
    String n = name.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    if (n.endsWith("_env")) n = n.substring(0, n.length() - 4);
    return Optional.ofNullable(factories.get(n));
  }

  /** Registered names, in registration order. */
  public Set<String> names() {
    return factories.keySet();
  }
}
