package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.subject.DatasetLoader;
import io.plugboard.validators.subject.DatasetSubject;
import io.plugboard.validators.subject.HubDatasetLoader;
import io.plugboard.validators.subject.ValidationTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hf://datasets references go through the datasets module against a local Hub emulator (no internet). */
class HubDatasetTest {
  @TempDir Path dir;

  @Test
  void gsm8kFromTheHubEmulatorIsReadWithEverySplitAndPinningIsJudgedOnTheReference() throws Exception {
    Path root = HubEmulator.extractSample(Files.createDirectories(dir.resolve("hub")));
    try (HubEmulator hub = HubEmulator.over(root).start("127.0.0.1", 0)) {
      HfDatasets hf = HfDatasets.create(new HubSettings(hub.endpoint(), dir.resolve("cache"), Optional.empty(), false));
      var options = new DatasetLoader.Options("test", "main", null, null);
      DatasetSubject moving = HubDatasetLoader.load(hf, "hf://datasets/openai/gsm8k", options);
      assertEquals(1319, moving.rows().size());
      assertTrue(moving.splits().containsKey("train"), moving.splits().keySet().toString());
      assertEquals("question", moving.promptColumn());
      assertEquals("answer", moving.answerColumn().orElseThrow());
      ValidationReport r = Gallery.validate("hub-gsm8k-moving", ValidationTarget.none().withDataset(moving).withSettings(Gallery.FAST));
      Gallery.assertCaught(r, "static.task_distribution_pinning", "names no revision");
      assertEquals(CheckStatus.PASS, Gallery.status(r, "dataset.schema"), Gallery.summary(r));

      String sha = hf.info(DatasetRef.parse("hf://datasets/openai/gsm8k")).sha();
      DatasetSubject pinned = HubDatasetLoader.load(hf, "hf://datasets/openai/gsm8k@" + sha, options);
      assertTrue(pinned.pinnedToCommit());
      ValidationReport p = Gallery.validate("hub-gsm8k-pinned", ValidationTarget.none().withDataset(pinned).withSettings(Gallery.FAST));
      assertEquals(CheckStatus.PASS, Gallery.status(p, "static.task_distribution_pinning"), Gallery.summary(p));

      // a split expression is validated as one split, and the split it slices is not compared with it
      DatasetSubject slice = HubDatasetLoader.load(hf, "hf://datasets/openai/gsm8k@" + sha,
          new DatasetLoader.Options("test[:100]", "main", null, null));
      assertEquals(100, slice.rows().size());
      assertEquals(java.util.Set.of("test[:100]", "train"), slice.splits().keySet());
      ValidationReport s = Gallery.validate("hub-gsm8k-slice", ValidationTarget.none().withDataset(slice).withSettings(Gallery.FAST));
      assertEquals(CheckStatus.PASS, Gallery.status(s, "dataset.schema"), Gallery.summary(s));
    }
  }
}
