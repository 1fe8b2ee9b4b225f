package io.plugboard.datasets.hub;

import io.plugboard.datasets.DatasetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
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
    long have = 0;
    int stalls = 0;
    Files.createDirectories(tmp.getParent());
    try (PipelinedDigest digest = new PipelinedDigest(this::newDigest);
        FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (have < meta.size() || (have == 0 && meta.size() == 0)) {
        long before = have;
        try (Response resp = get(meta.location(), have)) {
          if (have > 0 && resp.code() == 200) {
            // the server ignored Range: start over
            out.truncate(0);
            out.position(0);
            digest.reset();
            have = 0;
            before = 0;
          }
          try (InputStream in = resp.body().byteStream()) {
            while (true) {
              byte[] buf = digest.buffer();
              int len = 0;
              try {
                int n;
                while (len < buf.length && (n = in.read(buf, len, buf.length - len)) > 0) {
                  len += n;
                }
              } catch (IOException e) {
                flush(out, digest, buf, len);
                have += len;
                listener.progressed(len);
                throw e;
              }
              if (len == 0) {
                digest.release(buf);
                break;
              }
              if (have + len > meta.size()) {
                digest.release(buf);
                throw new DatasetException.ConsistencyCheckFailed("Consistency check failed: file '" + path + "' of dataset '"
                    + repoId + "' is longer than the " + meta.size() + " bytes announced by the Hub. Nothing was cached; retry.");
              }
              flush(out, digest, buf, len);
              have += len;
              listener.progressed(len);
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
      String actual = digest.hex();
      if (!actual.equals(meta.etag())) {
        out.close();
        Files.deleteIfExists(tmp);
        throw new DatasetException.ConsistencyCheckFailed("Consistency check failed: file '" + path + "' of dataset '" + repoId
            + "' has " + (meta.etag().length() == 64 ? "sha256 " : "git sha1 ") + actual + " but the Hub announced " + meta.etag()
            + ". The download was discarded and nothing was cached; retry, and report it if it persists.");
      }
    }
  }

  /** Writes a filled buffer to the file, then hands it to the hasher (which recycles it). */
  private static void flush(FileChannel out, PipelinedDigest digest, byte[] buf, int len) throws IOException {
    if (len == 0) {
      digest.release(buf);
      return;
    }
    ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
    while (bb.hasRemaining()) {
      out.write(bb);
    }
    digest.submit(buf, len);
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
