package io.plugboard.datasets.hub;

import io.plugboard.datasets.DatasetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One blob download into a temp file: GET the storage location (no {@code Authorization} on another
 * host), resume with {@code Range: bytes=N-} after a broken stream (restarting when the server
 * ignores the range), give up after 5 consecutive failures without new bytes, then check the size
 * and the hash (sha256 for LFS ETags, git blob sha1 otherwise). Not thread-safe; one per download.
 */
final class BlobDownload {
  private static final int BUFFER = 1 << 17;
  private static final int MAX_STALLS = 5;

  private final HubClient client;
  private final FileMetadata meta;
  private final Path tmp;
  private final DownloadListener listener;
  private final String path;
  private final String repoId;

  BlobDownload(HubClient client, FileMetadata meta, Path tmp, DownloadListener listener, String path, String repoId) {
    this.client = client;
    this.meta = meta;
    this.tmp = tmp;
    this.listener = listener;
    this.path = path;
    this.repoId = repoId;
  }

  void run() throws IOException {
    MessageDigest digest = newDigest();
    long have = 0;
    int stalls = 0;
    Files.createDirectories(tmp.getParent());
    try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (have < meta.size() || (have == 0 && meta.size() == 0)) {
        long before = have;
        try (Response resp = get(meta.location(), have)) {
          if (have > 0 && resp.code() == 200) {
            // the server ignored Range: start over
            out.flush();
            Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING).close();
            digest = newDigest();
            have = 0;
            before = 0;
          }
          try (InputStream in = resp.body().byteStream()) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
              if (have + n > meta.size()) {
                throw new DatasetException.ConsistencyCheckFailed("Consistency check failed: file '" + path + "' of dataset '"
                    + repoId + "' is longer than the " + meta.size() + " bytes announced by the Hub. Nothing was cached; retry.");
              }
              out.write(buf, 0, n);
              digest.update(buf, 0, n);
              have += n;
              listener.progressed(n);
            }
          }
        } catch (DatasetException e) {
          throw e;
        } catch (IOException e) {
          // broken stream: resume below
          if (have == before && ++stalls >= MAX_STALLS) {
            throw new DatasetException.HubUnavailable("Download of '" + path + "' from dataset '" + repoId + "' failed "
                + MAX_STALLS + " times in a row without progress (" + e.getMessage() + "). Retry later.", e);
          }
        }
        if (have > before) {
          stalls = 0;
        } else if (have < meta.size() && ++stalls >= MAX_STALLS) {
          throw new DatasetException.HubUnavailable("Download of '" + path + "' from dataset '" + repoId + "' stopped at "
              + have + " of " + meta.size() + " bytes " + MAX_STALLS + " times in a row. Retry later.", null);
        }
        if (have < meta.size()) {
          client.pause(Duration.ofSeconds(1));
        }
        if (meta.size() == 0) {
          break;
        }
      }
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(meta.etag())) {
      Files.deleteIfExists(tmp);
      throw new DatasetException.ConsistencyCheckFailed("Consistency check failed: file '" + path + "' of dataset '" + repoId
          + "' has " + (meta.etag().length() == 64 ? "sha256 " : "git sha1 ") + actual + " but the Hub announced " + meta.etag()
          + ". The download was discarded and nothing was cached; retry, and report it if it persists.");
    }
  }

  private MessageDigest newDigest() {
    try {
      if (meta.etag().length() == 64) {
        return MessageDigest.getInstance("SHA-256");
      }
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(("blob " + meta.size() + "\0").getBytes(StandardCharsets.US_ASCII));
      return sha1;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Response get(HttpUrl start, long from) throws IOException {
    HttpUrl url = start;
    for (int hops = 0; hops < 10; hops++) {
      Request.Builder b = client.request(url).get().header("Accept-Encoding", "identity");
      if (from > 0) {
        b.header("Range", "bytes=" + from + "-");
      }
      Response resp = client.execute(b.build(), true);
      if (resp.isRedirect() && resp.header("Location") != null) {
        url = url.resolve(resp.header("Location"));
        resp.close();
        continue;
      }
      if (!resp.isSuccessful()) {
        try (resp) {
          throw HubErrors.toException(resp, client.settings().endpoint(), repoId, meta.commit(), "file '" + path + "' of dataset '" + repoId + "'");
        }
      }
      return resp;
    }
    throw new DatasetException("Too many redirects downloading '" + path + "'.");
  }
}
