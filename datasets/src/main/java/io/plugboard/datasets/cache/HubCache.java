package io.plugboard.datasets.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code huggingface_hub} cache layout under {@code HF_HUB_CACHE}, shared with Python in both
 * directions: {@code datasets--org--name/{blobs,refs,snapshots,.no_exist,trees}} and
 * {@code .locks/}. Every write is a unique temp file renamed into place; snapshot entries are
 * relative symlinks to {@code blobs/<etag>}.
 *
 * <p>Thread-safe, and safe when several processes fill the same cache: blob writes hold a
 * per-etag lock (in-process lock plus a file lock in {@code .locks/}), and correctness rests on
 * unique temp names and atomic renames, as in Python.
 */
public final class HubCache {
  private static final Pattern FULL_SHA = Pattern.compile("^[0-9a-f]{40}$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;

  public HubCache(Path root) {
    this.root = root.toAbsolutePath();
  }

  /** The cache root ({@code HF_HUB_CACHE}). */
  public Path root() {
    return root;
  }

  /** True when {@code revision} is a full lowercase 40-hex commit sha. */
  public static boolean isCommitSha(String revision) {
    return revision != null && FULL_SHA.matcher(revision).matches();
  }

  /** {@code datasets--org--name}. */
  public static String repoFolderName(String repoId) {
    return "datasets--" + repoId.replace("/", "--");
  }

  public Path repoDir(String repoId) {
    return root.resolve(repoFolderName(repoId));
  }

  /** The commit a revision points to in the cache: the sha itself, or the content of {@code refs/<rev>}. */
  public Optional<String> resolveRevision(String repoId, String revision) {
    if (isCommitSha(revision)) {
      return Optional.of(revision);
    }
    Path ref = repoDir(repoId).resolve("refs").resolve(revision);
    try {
      if (Files.isRegularFile(ref)) {
        String sha = Files.readString(ref, StandardCharsets.UTF_8).trim();
        return sha.isEmpty() ? Optional.empty() : Optional.of(sha);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + ref, e);
    }
    return Optional.empty();
  }

  /** Writes {@code refs/<revision>} atomically, only when its content changes. */
  public void writeRef(String repoId, String revision, String sha) {
    if (revision.equals(sha)) {
      return;
    }
    Path ref = repoDir(repoId).resolve("refs").resolve(revision);
    if (resolveRevision(repoId, revision).filter(sha::equals).isPresent() && !isCommitSha(revision)) {
      return;
    }
    writeAtomically(ref, sha.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code snapshots/<sha>/<path>}; may not exist. */
  public Path snapshotPath(String repoId, String sha, String path) {
    return repoDir(repoId).resolve("snapshots").resolve(sha).resolve(path);
  }

  /** The snapshot file if it is present (the symlink resolves). */
  public Optional<Path> cachedFile(String repoId, String sha, String path) {
    Path p = snapshotPath(repoId, sha, path);
    return Files.exists(p) ? Optional.of(p) : Optional.empty();
  }

  public Path blobPath(String repoId, String etag) {
    return repoDir(repoId).resolve("blobs").resolve(etag);
  }

  /** True when {@code .no_exist/<sha>/<path>} marks the file as absent at that commit. */
  public boolean knownMissing(String repoId, String sha, String path) {
    return Files.exists(repoDir(repoId).resolve(".no_exist").resolve(sha).resolve(path));
  }

  /** Touches {@code .no_exist/<sha>/<path>}. */
  public void markMissing(String repoId, String sha, String path) {
    Path p = repoDir(repoId).resolve(".no_exist").resolve(sha).resolve(path);
    try {
      Files.createDirectories(p.getParent());
      if (!Files.exists(p)) {
        Files.createFile(p);
      }
    } catch (FileAlreadyExistsException ignored) {
      // another process won the race: same result
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + p, e);
    }
  }

  /** A process-unique temp file {@code blobs/<etag>.<8 hex>.incomplete} (not created). */
  public Path newIncompleteBlob(String repoId, String etag) {
    byte[] r = new byte[4];
    RANDOM.nextBytes(r);
    return blobPath(repoId, etag).resolveSibling(etag + "." + HexFormat.of().formatHex(r) + ".incomplete");
  }

  /** Renames a finished temp file to {@code blobs/<etag>} (atomically) and links the snapshot entry. */
  public Path commitBlob(String repoId, Path incomplete, String etag, String sha, String path) {
    Path blob = blobPath(repoId, etag);
    try {
      if (Files.exists(blob)) {
        Files.deleteIfExists(incomplete);
      } else {
        move(incomplete, blob);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move " + incomplete + " to " + blob, e);
    }
    return link(repoId, etag, sha, path);
  }

  /** Creates the relative symlink {@code snapshots/<sha>/<path> -> ../../blobs/<etag>} if missing. */
  public Path link(String repoId, String etag, String sha, String path) {
    Path pointer = snapshotPath(repoId, sha, path);
    Path blob = blobPath(repoId, etag);
    try {
      Files.createDirectories(pointer.getParent());
      if (Files.exists(pointer, LinkOption.NOFOLLOW_LINKS)) {
        if (Files.exists(pointer)) {
          return pointer;
        }
        Files.delete(pointer);
      }
      Path tmp = pointer.resolveSibling(pointer.getFileName() + "." + System.nanoTime() + ".tmp");
      Files.createSymbolicLink(tmp, pointer.getParent().relativize(blob));
      move(tmp, pointer);
    } catch (IOException | UnsupportedOperationException e) {
      try {
        Path tmp = pointer.resolveSibling(pointer.getFileName() + "." + System.nanoTime() + ".tmp");
        Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
        move(tmp, pointer);
      } catch (IOException e2) {
        throw new UncheckedIOException("Cannot create " + pointer, e2);
      }
    }
    return pointer;
  }

  /**
   * Runs {@code body} holding the lock {@code .locks/datasets--org--name/<etag>.lock}: an in-process
   * lock plus an exclusive file lock, so two JVMs do not download the same blob at once.
   */
  public <T> T withBlobLock(String repoId, String etag, LockedBody<T> body) throws IOException {
    Path lockFile = root.resolve(".locks").resolve(repoFolderName(repoId)).resolve(etag + ".lock");
    Files.createDirectories(lockFile.getParent());
    ensureCacheDirTag();
    ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    local.lock();
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      return body.run();
    } finally {
      local.unlock();
    }
  }

  /** Work done under a blob lock. */
  @FunctionalInterface
  public interface LockedBody<T> {
    T run() throws IOException;
  }

  /** Writes {@code trees/<sha>.json} ({@code format_version} 1) for offline listing. */
  public void writeTree(String repoId, String sha, List<TreeEntry> files) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("format_version", 1);
    ObjectNode map = doc.putObject("files");
    for (TreeEntry f : files) {
      ObjectNode e = map.putObject(f.path());
      e.put("size", f.size());
      e.put("blob_id", f.blobId());
      if (f.lfsSha256() != null) {
        e.put("lfs_sha256", f.lfsSha256());
        e.put("lfs_size", f.size());
      }
    }
    try {
      writeAtomically(repoDir(repoId).resolve("trees").resolve(sha + ".json"), JSON.writeValueAsBytes(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cached tree of a commit: from {@code trees/<sha>.json}, else by walking {@code snapshots/<sha>/}. */
  public Optional<List<TreeEntry>> readTree(String repoId, String sha) {
    Path tree = repoDir(repoId).resolve("trees").resolve(sha + ".json");
    try {
      if (Files.isRegularFile(tree)) {
        JsonNode doc = JSON.readTree(tree.toFile());
        if (doc.path("format_version").asInt() == 1) {
          List<TreeEntry> out = new ArrayList<>();
          doc.path("files").fields().forEachRemaining(e -> out.add(new TreeEntry(e.getKey(),
              e.getValue().path("size").asLong(), e.getValue().path("blob_id").asText(null),
              e.getValue().hasNonNull("lfs_sha256") ? e.getValue().get("lfs_sha256").asText() : null)));
          return Optional.of(out);
        }
      }
      Path snap = repoDir(repoId).resolve("snapshots").resolve(sha);
      if (!Files.isDirectory(snap)) {
        return Optional.empty();
      }
      List<TreeEntry> out = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(snap)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          if (Files.isRegularFile(p)) {
            out.add(new TreeEntry(snap.relativize(p).toString().replace('\\', '/'), Files.size(p), null, null));
          }
        }
      }
      out.sort((a, b) -> a.path().compareTo(b.path()));
      return Optional.of(out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read cached tree of " + repoId + "@" + sha, e);
    }
  }

  /** Files this cache holds per repo folder: {@code repo -> snapshot shas}. */
  public Map<String, List<String>> listRepos() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> s = Files.list(root)) {
      for (Path d : (Iterable<Path>) s.sorted()::iterator) {
        String n = d.getFileName().toString();
        if (n.startsWith("datasets--")) {
          Path snaps = d.resolve("snapshots");
          List<String> shas = new ArrayList<>();
          if (Files.isDirectory(snaps)) {
            try (Stream<Path> ss = Files.list(snaps)) {
              ss.forEach(x -> shas.add(x.getFileName().toString()));
            }
          }
          out.put(n.substring("datasets--".length()).replace("--", "/"), shas);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private void ensureCacheDirTag() {
    Path tag = root.resolve("CACHEDIR.TAG");
    if (!Files.exists(tag)) {
      writeAtomically(tag, ("Signature: 8a477f597d28d172789f06886806bc55\n"
          + "# This file is a cache directory tag created by Plugboard (huggingface_hub layout).\n")
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Writes bytes to {@code target} through a unique temp file and an atomic rename. */
  public static void writeAtomically(Path target, byte[] bytes) {
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      try {
        Files.write(tmp, bytes);
        move(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target, e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
