package io.plugboard.datasets.cache;

/**
 * One file of a repository at a commit: its path, size, git blob id and, for LFS/Xet files, the
 * sha256 of the content (which is also its ETag and cache blob name). Immutable.
 */
public record TreeEntry(String path, long size, String blobId, String lfsSha256) {
  /** True when the file is stored in LFS/Xet (its identity is a sha256). */
  public boolean isLfs() {
    return lfsSha256 != null;
  }

  /** The cache blob name: the sha256 for LFS files, the git blob id otherwise. */
  public String etag() {
    return lfsSha256 != null ? lfsSha256 : blobId;
  }
}
