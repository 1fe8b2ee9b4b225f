package io.plugboard.deploy.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The built {@code plugboard} CLI ({@code harness/target/plugboard.jar}), started as a user starts it. */
public final class PlugboardJar {
  private PlugboardJar() {}

  /** The repository root (the {@code plugboard.root} system property the build sets). */
  public static Path root() {
    return Path.of(System.getProperty("plugboard.root", "..")).toAbsolutePath().normalize();
  }

  public static Path jar() {
    Path jar = root().resolve("harness/target/plugboard.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: build it first (mvn -B -ntp -DskipTests package)");
    }
    return jar;
  }

  /**
   * {@code java [jvmOptions] -jar plugboard.jar args}, with the test's home folder as {@code user.home}
   * so the child writes nowhere else.
   */
  public static List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-Duser.home=" + System.getProperty("user.home"));
    c.addAll(jvmOptions);
    c.add("-jar");
    c.add(jar().toString());
    c.addAll(args);
    return c;
  }
}
