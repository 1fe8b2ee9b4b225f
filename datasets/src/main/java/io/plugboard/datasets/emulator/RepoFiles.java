package io.plugboard.datasets.emulator;

import io.plugboard.datasets.resolve.Glob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Snapshots of a repo folder as the Hub would see one ref: every file with its git blob sha1 and,
 * for LFS files ({@code .gitattributes} {@code filter=lfs} patterns, or 10 MiB and more), the
 * sha256 of the content; and a deterministic commit sha. Hashes are cached by path, size and
 * modification time. Thread-safe.
 */
final class RepoFiles {
  static final long LFS_THRESHOLD = 10L << 20;

  /** One file of a ref. */
  record Entry(String path, Path file, long size, String gitOid, String sha256) {
    boolean lfs() {
      return sha256 != null;
    }

    String etag() {
      return lfs() ? sha256 : gitOid;
    }
  }

  /** One ref of one repo. */
  record Snapshot(String ref, String sha, TreeMap<String, Entry> files) {}

  private record Key(Path file, long size, long mtime) {}

  private record Hashes(String gitOid, String sha256) {}

  private final Map<Key, Hashes> hashes = new ConcurrentHashMap<>();
  private final Map<String, Path> blobsBySha256 = new ConcurrentHashMap<>();

  /** Scans {@code root} (skipping {@code .hub/} and {@code .git/}) as ref {@code ref}. */
  Snapshot snapshot(String ref, Path root) {
    try {
      List<Path> files = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
      List<Glob> lfsPatterns = lfsPatterns(root.resolve(".gitattributes"));
      TreeMap<String, Entry> out = new TreeMap<>();
      MessageDigest commit = MessageDigest.getInstance("SHA-1");
      commit.update(ref.getBytes(StandardCharsets.UTF_8));
      for (Path f : files) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        if (rel.startsWith(".hub/") || rel.startsWith(".git/")) {
          continue;
        }
        long size = Files.size(f);
        Hashes h = hashes.computeIfAbsent(new Key(f, size, Files.getLastModifiedTime(f).toMillis()), k -> hash(f, size));
        String base = rel.substring(rel.lastIndexOf('/') + 1);
        boolean lfs = size >= LFS_THRESHOLD || lfsPatterns.stream().anyMatch(g -> g.pattern().contains("/") ? g.matches(rel) : g.matches(base));
        if (lfs) {
          blobsBySha256.put(h.sha256, f);
        }
        out.put(rel, new Entry(rel, f, size, h.gitOid, lfs ? h.sha256 : null));
        commit.update((rel + "\0" + h.gitOid + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return new Snapshot(ref, HexFormat.of().formatHex(commit.digest()), out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot scan " + root, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The LFS blob with this sha256, if a snapshot has listed it. */
  Path blob(String sha256) {
    return blobsBySha256.get(sha256);
  }

  private static List<Glob> lfsPatterns(Path gitattributes) throws IOException {
    List<Glob> out = new ArrayList<>();
    if (Files.isRegularFile(gitattributes)) {
      for (String line : Files.readAllLines(gitattributes, StandardCharsets.UTF_8)) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length > 1 && !parts[0].startsWith("#") && List.of(parts).contains("filter=lfs")) {
          out.add(Glob.compile(parts[0]));
        }
      }
    }
    return out;
  }

  private static Hashes hash(Path f, long size) {
    try (InputStream in = Files.newInputStream(f)) {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha1.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha1.update(buf, 0, n);
        sha256.update(buf, 0, n);
      }
      return new Hashes(HexFormat.of().formatHex(sha1.digest()), HexFormat.of().formatHex(sha256.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot hash " + f, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
