package io.plugboard.harness.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest, or "dev" when run from classes. */
final class PlugboardVersion implements IVersionProvider {
  static String current() {
    String v = PlugboardVersion.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"plugboard " + current()};
  }
}
