package io.plugboard.datasets;

/**
 * Root of every error the datasets module raises: an unchecked exception whose message says what
 * went wrong and what the user can do about it. Messages never contain tokens.
 *
 * <p>Subclasses name the cause the way {@code huggingface_hub} does (repository not found, gated
 * repository, revision not found, entry not found, unauthorized, offline, consistency check).
 * Instances are immutable and safe to share between threads.
 */
public class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The repository does not exist, or is private and the caller may not see it. */
  public static class RepoNotFound extends DatasetException {
    private static final long serialVersionUID = 1L;

    public RepoNotFound(String message) {
      super(message);
    }
  }

  /** The repository is gated and the caller is not authenticated or not yet approved. */
  public static class GatedRepo extends RepoNotFound {
    private static final long serialVersionUID = 1L;

    public GatedRepo(String message) {
      super(message);
    }
  }

  /** The requested branch, tag or commit does not exist in the repository. */
  public static class RevisionNotFound extends DatasetException {
    private static final long serialVersionUID = 1L;

    public RevisionNotFound(String message) {
      super(message);
    }
  }

  /** The requested file does not exist at the (existing) revision. */
  public static class EntryNotFound extends DatasetException {
    private static final long serialVersionUID = 1L;

    public EntryNotFound(String message) {
      super(message);
    }
  }

  /** The token was rejected (invalid credentials). */
  public static class Unauthorized extends DatasetException {
    private static final long serialVersionUID = 1L;

    public Unauthorized(String message) {
      super(message);
    }
  }

  /** Offline mode is on and what is needed is not in the local cache. */
  public static class NotCached extends DatasetException {
    private static final long serialVersionUID = 1L;

    public NotCached(String message) {
      super(message);
    }
  }

  /** A downloaded file did not match the size or hash the Hub announced; nothing was cached. */
  public static class ConsistencyCheckFailed extends DatasetException {
    private static final long serialVersionUID = 1L;

    public ConsistencyCheckFailed(String message) {
      super(message);
    }
  }

  /** The Hub (or mirror) could not be reached or kept failing after all retries. */
  public static class HubUnavailable extends DatasetException {
    private static final long serialVersionUID = 1L;

    public HubUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The repository content cannot be loaded as asked: unknown config or split, no data files,
   * unsupported format, malformed card or data file. The message names the file and place.
   */
  public static class InvalidDataset extends DatasetException {
    private static final long serialVersionUID = 1L;

    public InvalidDataset(String message) {
      super(message);
    }

    public InvalidDataset(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
