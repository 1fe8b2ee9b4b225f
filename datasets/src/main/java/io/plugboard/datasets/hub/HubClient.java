package io.plugboard.datasets.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.datasets.DatasetException;
import io.plugboard.datasets.cache.HubCache;
import io.plugboard.datasets.cache.TreeEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to the Hub (or any mirror at {@code HF_ENDPOINT}) the way {@code huggingface_hub} does and
 * fills the shared {@link HubCache}: pins revisions to commit shas, lists repository trees (with
 * pagination), downloads files through a metadata HEAD plus a GET that follows the storage redirect
 * without the {@code Authorization} header, resumes broken downloads with {@code Range}, checks
 * size and hash, and retries 408/429/5xx with backoff.
 *
 * <p>In offline mode it never touches the network and answers from the cache only. Thread-safe;
 * share one instance (and one {@link OkHttpClient}) per process.
 */
public final class HubClient {
  private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final OkHttpClient http;
  private final HubSettings settings;
  private final HubCache cache;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final String userAgent;

  /**
   * @param http a shared client; a non-redirecting variant sharing its pool is derived from it
   *     (with block-buffered sockets when {@code http} uses the JDK's default socket factory)
   */
  public HubClient(OkHttpClient http, HubSettings settings, RetryPolicy retry, Sleeper sleeper) {
    OkHttpClient.Builder b = http.newBuilder().followRedirects(false).followSslRedirects(false);
    if (http.socketFactory() == SocketFactory.getDefault()) {
      b.socketFactory(new ReadBufferedSockets());
    }
    this.http = b.build();
    this.settings = settings;
    this.cache = new HubCache(settings.hubCache());
    this.retry = retry;
    this.sleeper = sleeper;
    this.userAgent = "plugboard-datasets/0.1; java/" + System.getProperty("java.version");
  }

  /** A client with the default retry policy and real sleeping. */
  public HubClient(OkHttpClient http, HubSettings settings) {
    this(http, settings, RetryPolicy.DEFAULT, Sleeper.SYSTEM);
  }

  public HubSettings settings() {
    return settings;
  }

  public HubCache cache() {
    return cache;
  }

  /**
   * Pins {@code revision} to a full commit sha: from the cache when offline or when it already is
   * a sha, otherwise from {@code GET /api/datasets/{repo}/revision/{rev}}; writes {@code refs/<rev>}.
   */
  public String resolveRevision(String repoId, String revision) {
    if (HubCache.isCommitSha(revision) && (settings.offline() || Files.isDirectory(cache.repoDir(repoId).resolve("snapshots").resolve(revision)))) {
      return revision;
    }
    if (settings.offline()) {
      return cache.resolveRevision(repoId, revision).orElseThrow(() -> new DatasetException.NotCached(
          "Offline mode (HF_HUB_OFFLINE=1): revision '" + revision + "' of dataset '" + repoId
              + "' is not in the cache at " + cache.root() + " (no refs/" + revision
              + "). Run once online, e.g. 'plugboard datasets pull " + repoId + "', or point HF_HUB_CACHE at a cache that has it."));
    }
    HttpUrl url = HttpUrl.get(settings.endpoint() + "/api/datasets/" + repoId + "/revision/" + encodeAll(revision));
    try (Response resp = execute(request(url).get().build(), true)) {
      if (!resp.isSuccessful()) {
        throw HubErrors.toException(resp, settings.endpoint(), repoId, revision, "dataset '" + repoId + "' at revision '" + revision + "'");
      }
      JsonNode info = JSON.readTree(resp.body().byteStream());
      String sha = info.path("sha").asText("");
      if (!HubCache.isCommitSha(sha)) {
        throw new DatasetException("The Hub at " + settings.endpoint() + " returned no commit sha for dataset '" + repoId + "'.");
      }
      cache.writeRef(repoId, revision, sha);
      return sha;
    } catch (IOException e) {
      throw unavailable("dataset '" + repoId + "'", e);
    }
  }

  /**
   * Every file of the repository at commit {@code sha}: from the cache offline, otherwise from the
   * recursive tree API (following {@code Link: rel="next"}); the listing is cached in {@code trees/}.
   */
  public List<TreeEntry> listFiles(String repoId, String sha) {
    if (settings.offline()) {
      return cache.readTree(repoId, sha).orElseThrow(() -> new DatasetException.NotCached(
          "Offline mode (HF_HUB_OFFLINE=1): the file list of dataset '" + repoId + "' at " + sha
              + " is not in the cache at " + cache.root() + ". Run once online to fill it."));
    }
    List<TreeEntry> out = new ArrayList<>();
    HttpUrl url = HttpUrl.get(settings.endpoint() + "/api/datasets/" + repoId + "/tree/" + encodeAll(sha))
        .newBuilder().addQueryParameter("recursive", "true").addQueryParameter("expand", "false").build();
    while (url != null) {
      try (Response resp = execute(request(url).get().build(), true)) {
        if (!resp.isSuccessful()) {
          throw HubErrors.toException(resp, settings.endpoint(), repoId, sha, "dataset '" + repoId + "' tree at " + sha);
        }
        for (JsonNode e : JSON.readTree(resp.body().byteStream())) {
          if ("file".equals(e.path("type").asText())) {
            JsonNode lfs = e.path("lfs");
            out.add(new TreeEntry(e.path("path").asText(), e.path("size").asLong(), e.path("oid").asText(null),
                lfs.hasNonNull("oid") ? lfs.get("oid").asText() : null));
          }
        }
        url = nextLink(resp.header("Link"), url);
      } catch (IOException e) {
        throw unavailable("the file list of dataset '" + repoId + "'", e);
      }
    }
    out.sort((a, b) -> a.path().compareTo(b.path()));
    cache.writeTree(repoId, sha, out);
    return out;
  }

  /**
   * Downloads several files of one revision with up to {@code workers} at once (the way
   * {@code snapshot_download} fetches with 8 workers) and returns their snapshot paths in the
   * order given. The listener is called from the worker threads, concurrently. On the first
   * failure the files not started yet are skipped and the ones in flight are interrupted; it is
   * thrown once every worker has stopped, so each file is either whole in the cache or absent.
   */
  public List<Path> downloadAll(String repoId, String revision, List<String> paths, DownloadListener listener, int workers) {
    List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(paths));
    if (workers <= 1 || distinct.size() <= 1) {
      return paths.stream().map(p -> download(repoId, revision, p, listener)).toList();
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, distinct.size()), r -> {
      Thread t = new Thread(r, "plugboard-download-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Map<String, Future<Path>> futures = new LinkedHashMap<>();
    try {
      for (String p : distinct) {
        futures.put(p, pool.submit(() -> download(repoId, revision, p, listener)));
      }
      Map<String, Path> done = new HashMap<>();
      for (Map.Entry<String, Future<Path>> f : futures.entrySet()) {
        try {
          done.put(f.getKey(), f.getValue().get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException re ? re
              : new DatasetException("Download of '" + f.getKey() + "' failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DatasetException("Interrupted while downloading files of '" + repoId + "'.", e);
        }
      }
      return paths.stream().map(done::get).toList();
    } finally {
      // after a failure: skip what has not started, stop what is in flight, and return only once
      // every worker has cleaned up its temp file
      futures.values().forEach(f -> f.cancel(true));
      pool.shutdownNow();
      awaitWorkers(pool);
    }
  }

  private static void awaitWorkers(ExecutorService pool) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (pool.awaitTermination(60, TimeUnit.SECONDS)) {
            return;
          }
          LOG.warn("download workers still busy after 60 s; not waiting for them any longer");
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Like {@link #download} but empty when the file does not exist at that revision. */
  public Optional<Path> downloadIfExists(String repoId, String revision, String path, DownloadListener listener) {
    try {
      return Optional.of(download(repoId, revision, path, listener));
    } catch (DatasetException.EntryNotFound e) {
      return Optional.empty();
    }
  }

  /**
   * Makes {@code path} of the repository at {@code revision} available in the cache and returns
   * its snapshot path ({@code snapshots/<sha>/<path>}). No network call when the revision is a sha
   * already cached, or offline.
   */
  public Path download(String repoId, String revision, String path, DownloadListener listener) {
    Optional<String> cachedSha = HubCache.isCommitSha(revision) ? Optional.of(revision)
        : settings.offline() ? cache.resolveRevision(repoId, revision) : Optional.empty();
    if (cachedSha.isPresent()) {
      Optional<Path> hit = cache.cachedFile(repoId, cachedSha.get(), path);
      if (hit.isPresent()) {
        listener.finished(path);
        return hit.get();
      }
      if (cache.knownMissing(repoId, cachedSha.get(), path)) {
        throw new DatasetException.EntryNotFound("File '" + path + "' does not exist in dataset '" + repoId + "' at " + cachedSha.get() + " (cached .no_exist marker).");
      }
    }
    if (settings.offline()) {
      throw new DatasetException.NotCached("Offline mode (HF_HUB_OFFLINE=1): file '" + path + "' of dataset '" + repoId
          + "' at revision '" + revision + "' is not in the cache at " + cache.root()
          + ". Run once online (e.g. 'plugboard datasets pull " + repoId + "') or unset HF_HUB_OFFLINE.");
    }
    FileMetadata meta = head(repoId, revision, path);
    cache.writeRef(repoId, revision, meta.commit());
    Optional<Path> hit = cache.cachedFile(repoId, meta.commit(), path);
    if (hit.isPresent()) {
      listener.finished(path);
      return hit.get();
    }
    try {
      Path result = cache.withBlobLock(repoId, meta.etag(), () -> {
        if (Files.exists(cache.blobPath(repoId, meta.etag()))) {
          return cache.link(repoId, meta.etag(), meta.commit(), path);
        }
        Path tmp = cache.newIncompleteBlob(repoId, meta.etag());
        try {
          listener.started(path, meta.size());
          new BlobDownload(this, meta, tmp, listener, path, repoId).run();
          return cache.commitBlob(repoId, tmp, meta.etag(), meta.commit(), path);
        } finally {
          Files.deleteIfExists(tmp);
        }
      });
      listener.finished(path);
      return result;
    } catch (IOException e) {
      throw unavailable("file '" + path + "' of dataset '" + repoId + "'", e);
    }
  }

  /** The metadata HEAD: no absolute redirects followed, {@code Accept-Encoding: identity}. */
  FileMetadata head(String repoId, String revision, String path) {
    HttpUrl url = resolveUrl(repoId, revision, path);
    String what = "file '" + path + "' of dataset '" + repoId + "' at revision '" + revision + "'";
    for (int hops = 0; hops < 10; hops++) {
      try (Response resp = execute(request(url).head().header("Accept-Encoding", "identity").build(), true)) {
        if (resp.isRedirect()) {
          String loc = resp.header("Location");
          if (loc != null && !loc.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            url = url.resolve(loc);
            continue;
          }
          return metadata(resp, url, what, loc == null ? url : HttpUrl.get(loc));
        }
        if (!resp.isSuccessful()) {
          String commit = resp.header("X-Repo-Commit");
          if ("EntryNotFound".equals(resp.header("X-Error-Code")) && commit != null && HubCache.isCommitSha(commit)) {
            cache.markMissing(repoId, commit, path);
            cache.writeRef(repoId, revision, commit);
          }
          throw HubErrors.toException(resp, settings.endpoint(), repoId, revision, what);
        }
        return metadata(resp, url, what, url);
      } catch (IOException e) {
        throw unavailable(what, e);
      }
    }
    throw new DatasetException("Too many relative redirects for " + what + ".");
  }

  private static FileMetadata metadata(Response resp, HttpUrl url, String what, HttpUrl location) {
    String commit = resp.header("X-Repo-Commit");
    String etag = Optional.ofNullable(resp.header("X-Linked-Etag")).orElse(resp.header("ETag"));
    String size = Optional.ofNullable(resp.header("X-Linked-Size"))
        .orElse(resp.isRedirect() ? null : resp.header("Content-Length"));
    if (commit == null || etag == null || size == null) {
      throw new DatasetException("The server at " + url.host() + " did not send X-Repo-Commit, ETag and size for "
          + what + "; is HF_ENDPOINT a Hub-compatible server?");
    }
    etag = etag.replaceFirst("^W/", "").replace("\"", "");
    return new FileMetadata(commit, etag, Long.parseLong(size.trim()), location);
  }

  /** {@code {endpoint}/datasets/{repo}/resolve/{rev}/{path}} with Hub encoding rules. */
  public HttpUrl resolveUrl(String repoId, String revision, String path) {
    StringBuilder p = new StringBuilder();
    for (String seg : path.split("/")) {
      p.append('/').append(encodeAll(seg));
    }
    return HttpUrl.get(settings.endpoint() + "/datasets/" + repoId + "/resolve/" + encodeAll(revision) + p);
  }

  Request.Builder request(HttpUrl url) {
    Request.Builder b = new Request.Builder().url(url).header("User-Agent", userAgent)
        .header("X-Amzn-Trace-Id", UUID.randomUUID().toString());
    HttpUrl ep = HttpUrl.get(settings.endpoint());
    if (settings.token().isPresent() && url.host().equals(ep.host()) && url.port() == ep.port()) {
      b.header("Authorization", settings.token().get().bearer());
    }
    return b;
  }

  /** Executes with the retry policy when {@code retrying}; the caller closes the response. */
  Response execute(Request req, boolean retrying) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Response resp;
      try {
        resp = http.newCall(req).execute();
      } catch (IOException e) {
        if (!retrying || attempt >= retry.maxRetries() || e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
          throw e;
        }
        LOG.debug("{} {} failed ({}), retrying", req.method(), req.url().encodedPath(), e.toString());
        pause(retry.backoff(attempt));
        continue;
      }
      if (retrying && RetryPolicy.retriableStatus(resp.code()) && attempt < retry.maxRetries()) {
        Duration wait = retry.waitFor(resp, attempt);
        LOG.debug("{} {} answered {}, retrying in {}", req.method(), req.url().encodedPath(), resp.code(), wait);
        resp.close();
        pause(wait);
        continue;
      }
      return resp;
    }
  }

  void pause(Duration d) throws InterruptedIOException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }

  DatasetException.HubUnavailable unavailable(String what, IOException e) {
    return new DatasetException.HubUnavailable("Cannot reach the Hub at " + settings.endpoint() + " for " + what + " ("
        + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Check the network or HF_ENDPOINT, or set HF_HUB_OFFLINE=1 to use the cache.", e);
  }

  static HttpUrl nextLink(String link, HttpUrl current) {
    if (link == null) {
      return null;
    }
    Matcher m = NEXT_LINK.matcher(link);
    return m.find() ? current.resolve(m.group(1)) : null;
  }

  /** Percent-encodes with no safe characters (so {@code /} becomes {@code %2F}). */
  static String encodeAll(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
  }
}
