package io.plugboard.harness.testing;

import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A Hub emulator serving the corpus's openai/gsm8k (README card + main/test Parquet) from a temp folder. */
public final class HubFixture implements AutoCloseable {
  public final HubEmulator hub;
  public final Path cache;

  public HubFixture(Path dir) throws IOException {
    Path repo = Files.createDirectories(dir.resolve("hub/datasets/openai/gsm8k/main"));
    Path corpus = Gsm8k.testFile().getParent().getParent();
    Files.copy(corpus.resolve("README.md"), repo.getParent().resolve("README.md"));
    Files.copy(corpus.resolve("main/test-00000-of-00001.parquet"), repo.resolve("test-00000-of-00001.parquet"));
    Files.copy(corpus.resolve("main/train-00000-of-00001.parquet"), repo.resolve("train-00000-of-00001.parquet"));
    hub = HubEmulator.over(dir.resolve("hub")).start("127.0.0.1", 0);
    cache = dir.resolve("hf-cache");
  }

  /** A client of the emulator with its own cache (HF_ENDPOINT / HF_HUB_CACHE as Python would set them). */
  public HfDatasets datasets() {
    return HfDatasets.create(new HubSettings(hub.endpoint(), cache, Optional.empty(), false));
  }

  @Override
  public void close() {
    hub.close();
  }
}
