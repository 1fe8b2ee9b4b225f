package io.plugboard.environments.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.wire.ErrorCode;
import java.io.IOException;

/**
 * The server answered with an OpenEnv error: a {@code {"type":"error"}} frame on {@code /ws}, or a
 * non-2xx HTTP status. {@link #code()} is the server's code ({@link ErrorCode#UNKNOWN} if it is
 * new to us); {@link #details()} holds the other keys ({@code active_sessions}, {@code
 * max_sessions}, {@code factory_name}, {@code errors}, or HTTP's {@code detail}). A lost connection
 * is a plain {@link IOException}, not this.
 */
public final class OpenEnvErrorException extends IOException {
  private final ErrorCode code;
  private final ObjectNode details;
  private final int httpStatus;

  public OpenEnvErrorException(ErrorCode code, String message, ObjectNode details, int httpStatus) {
    super("Server error: " + message + " (code: " + code + (httpStatus > 0 ? ", HTTP " + httpStatus : "") + ")");
    this.code = code;
    this.details = details;
    this.httpStatus = httpStatus;
  }

  public ErrorCode code() {
    return code;
  }

  /** A copy of the error's data (everything the server sent besides the message). */
  public ObjectNode details() {
    return details.deepCopy();
  }

  /** The HTTP status for HTTP errors; 0 for {@code /ws} error frames. */
  public int httpStatus() {
    return httpStatus;
  }
}
