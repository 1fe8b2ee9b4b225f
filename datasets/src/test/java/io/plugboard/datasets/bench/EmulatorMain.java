package io.plugboard.datasets.bench;

import io.plugboard.datasets.emulator.HubEmulator;
import java.nio.file.Path;

/**
 * The Hub emulator in a process of its own, the way a mirror runs (used by the download
 * benchmark so the client and the server do not share a JVM). Prints {@code port N}, serves until
 * its standard input closes.
 */
public final class EmulatorMain {
  private EmulatorMain() {}

  public static void main(String[] args) throws Exception {
    try (HubEmulator emu = HubEmulator.over(Path.of(args[0])).start("127.0.0.1", 0)) {
      System.out.println("port " + emu.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the parent closes our stdin (or dies)
      }
    }
  }
}
