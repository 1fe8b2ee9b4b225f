package io.plugboard.datasets.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.datasets.DatasetException;
import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.HubFixture;
import io.plugboard.datasets.SplitRows;
import io.plugboard.datasets.emulator.Fault;
import io.plugboard.datasets.emulator.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, resume and integrity checks against faults injected by the emulator. */
class HubFaultsTest {
  private static final String TEST_FILE = "main/test-00000-of-00001.parquet";
  @TempDir static Path tmp;
  static HubFixture hub;

  @BeforeAll
  static void start() {
    hub = new HubFixture(tmp, 1000, true);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @BeforeEach
  void reset() {
    hub.emulator.clearFaults();
    hub.emulator.clearRequests();
    hub.waits.clear();
  }

  @Test
  void rateLimitedTwiceThenServedWaitsWhatRateLimitSays(@TempDir Path cache) {
    hub.emulator.inject(Fault.rateLimit(2, 7).onPathsContaining("/revision/"));
    HfDatasets hf = hub.datasets(cache);
    try (SplitRows rows = hf.open(DatasetRef.of("openai/gsm8k"), "main", "test")) {
      assertEquals(1319, rows.count());
    }
    assertEquals(List.of(Duration.ofSeconds(8), Duration.ofSeconds(8)), hub.waits, "t=7 -> wait t+1 s");
    assertEquals(3, hub.emulator.requests().stream().filter(r -> r.path().contains("/revision/")).count());
  }

  @Test
  void serverErrorsAreRetriedWithExponentialBackoff(@TempDir Path cache) {
    hub.emulator.inject(Fault.serverError(503, 1).onPathsContaining("/tree/"));
    hub.emulator.inject(Fault.serverError(500, 2).onPathsContaining("/resolve/"));
    HfDatasets hf = hub.datasets(cache);
    try (SplitRows rows = hf.open(DatasetRef.of("openai/gsm8k"), "main", "test")) {
      assertEquals(1319, rows.count());
    }
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2)), hub.waits);
  }

  @Test
  void persistentServerErrorsEndInAClearErrorAfterFiveRetries(@TempDir Path cache) {
    hub.emulator.inject(Fault.serverError(502, 0).onPathsContaining("/revision/"));
    HfDatasets hf = hub.datasets(cache);
    DatasetException e = assertThrows(DatasetException.HubUnavailable.class, () -> hf.info(DatasetRef.of("openai/gsm8k")));
    assertTrue(e.getMessage().contains("kept answering HTTP 502"), e.getMessage());
    assertEquals(List.of(1L, 2L, 4L, 8L, 8L), hub.waits.stream().map(Duration::toSeconds).toList());
  }

  @Test
  void truncatedDownloadIsResumedWithRange(@TempDir Path cache) {
    hub.emulator.inject(Fault.truncate(1).onPathsContaining("/storage/"));
    HfDatasets hf = hub.datasets(cache);
    try (SplitRows rows = hf.open(DatasetRef.of("openai/gsm8k"), "main", "test")) {
      assertEquals(1319, rows.count());
      assertTrue(rows.get(1318).get("answer").asText().endsWith("#### 14"));
    }
    List<RecordedRequest> storage = hub.emulator.requests().stream().filter(r -> r.path().startsWith("/storage/")).toList();
    assertEquals(2, storage.size(), storage.toString());
    assertEquals(null, storage.get(0).range());
    assertTrue(storage.get(1).range().matches("bytes=\\d+-"), storage.get(1).range());
    long resumedAt = Long.parseLong(storage.get(1).range().replaceAll("\\D", ""));
    assertTrue(resumedAt > 0 && resumedAt < 419088, "resumed at " + resumedAt);
  }

  @Test
  void wrongBytesAreRejectedAndNothingIsCached(@TempDir Path cache) throws Exception {
    hub.emulator.inject(Fault.corrupt(1).onPathsContaining("/storage/"));
    HfDatasets hf = hub.datasets(cache);
    DatasetException e = assertThrows(DatasetException.ConsistencyCheckFailed.class,
        () -> hf.open(DatasetRef.of("openai/gsm8k"), "main", "test"));
    assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains("ee7b8da9e381df27b9e3f7758a159ab2bdaa4dbaa910546cbbc47e0cb44e4f59"), e.getMessage());
    Path repo = cache.resolve("datasets--openai--gsm8k");
    try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
      assertFalse(blobs.anyMatch(p -> p.getFileName().toString().startsWith("ee7b8da9")), "no blob, no temp file");
    }
    try (Stream<Path> all = Files.walk(repo.resolve("snapshots"))) {
      assertFalse(all.anyMatch(p -> p.toString().endsWith(TEST_FILE)));
    }
    try (SplitRows rows = hf.open(DatasetRef.of("openai/gsm8k"), "main", "test")) {
      assertEquals(1319, rows.count(), "next attempt (no fault) succeeds");
    }
  }

  @Test
  void gatedRepoWithoutTokenSaysHowToGetAccess(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(cache);
    DatasetException e = assertThrows(DatasetException.GatedRepo.class, () -> hf.open(DatasetRef.of("acme/gated-math"), null, "test"));
    assertTrue(e.getMessage().contains("is gated: you must be authenticated") && e.getMessage().contains("HF_TOKEN")
        && e.getMessage().contains(hub.emulator.endpoint() + "/datasets/acme/gated-math"), e.getMessage());
  }

  @Test
  void gatedRepoWithAnUnapprovedTokenSaysToAskForAccessWithoutShowingTheToken(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(hub.settings(cache).withToken(HubFixture.NOT_GRANTED));
    DatasetException e = assertThrows(DatasetException.GatedRepo.class, () -> hf.open(DatasetRef.of("acme/gated-math"), null, "test"));
    assertTrue(e.getMessage().contains("not in its authorized list") && e.getMessage().contains("ask for access"), e.getMessage());
    assertFalse(e.getMessage().contains(HubFixture.NOT_GRANTED));
    assertFalse(hf.hub().settings().toString().contains(HubFixture.NOT_GRANTED));
  }

  @Test
  void missingAndPrivateReposAreNotFound(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(cache);
    DatasetException missing = assertThrows(DatasetException.RepoNotFound.class, () -> hf.info(DatasetRef.of("acme/no-such-set")));
    assertEquals("Dataset 'acme/no-such-set' doesn't exist on " + hub.emulator.endpoint() + " or cannot be accessed. Check the repo id;"
        + " if it is private or gated, set HF_TOKEN to a token with access.", missing.getMessage());
    assertFalse(missing instanceof DatasetException.GatedRepo);
    assertThrows(DatasetException.RepoNotFound.class, () -> hf.info(DatasetRef.of("acme/private-set")));
    HfDatasets granted = hub.datasets(hub.settings(cache).withToken(HubFixture.GRANTED));
    try (SplitRows rows = granted.open(DatasetRef.of("acme/private-set"), null, "test")) {
      assertEquals(1319, rows.count());
    }
  }

  @Test
  void unknownRevisionIsRevisionNotFound(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(cache);
    DatasetException e = assertThrows(DatasetException.RevisionNotFound.class,
        () -> hf.open(DatasetRef.parse("hf://datasets/openai/gsm8k@v9.9"), "main", "test"));
    assertTrue(e.getMessage().startsWith("Revision 'v9.9' doesn't exist for dataset 'openai/gsm8k'"), e.getMessage());
  }

  @Test
  void missingFileIsEntryNotFoundAndMarkedInTheCache(@TempDir Path cache) {
    HubClient client = hub.client(hub.settings(cache));
    String sha = client.resolveRevision("openai/gsm8k", "main");
    DatasetException e = assertThrows(DatasetException.EntryNotFound.class,
        () -> client.download("openai/gsm8k", "main", "nope.parquet", DownloadListener.NONE));
    assertTrue(e.getMessage().contains("'nope.parquet'"), e.getMessage());
    assertTrue(Files.exists(cache.resolve("datasets--openai--gsm8k/.no_exist/" + sha + "/nope.parquet")));
  }

  @Test
  void rejectedTokenIsUnauthorizedAndNotEchoed(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(hub.settings(cache).withToken("hf_revoked00000000000000000000000"));
    DatasetException e = assertThrows(DatasetException.Unauthorized.class, () -> hf.info(DatasetRef.of("openai/gsm8k")));
    assertTrue(e.getMessage().contains("rejected your token"), e.getMessage());
    assertFalse(e.getMessage().contains("hf_revoked"));
  }
}
