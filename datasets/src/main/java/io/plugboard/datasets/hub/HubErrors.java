package io.plugboard.datasets.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.datasets.DatasetException;
import okhttp3.Response;

/** Maps a failed Hub response to the typed error {@code huggingface_hub} would raise. Stateless. */
final class HubErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HubErrors() {}

  /**
   * The error for a non-successful response. {@code what} names the request in user terms
   * (e.g. "file 'README.md' of dataset 'org/name' at revision 'main'"). Consumes the body.
   */
  static DatasetException toException(Response resp, String endpoint, String repoId, String revision, String what) {
    int status = resp.code();
    String code = resp.header("X-Error-Code");
    String headerMsg = resp.header("X-Error-Message");
    String bodyMsg = bodyMessage(resp);
    String serverMsg = headerMsg != null ? headerMsg : bodyMsg;
    String page = endpoint + "/datasets/" + repoId;
    if ("RevisionNotFound".equals(code)) {
      return new DatasetException.RevisionNotFound("Revision '" + revision + "' doesn't exist for dataset '" + repoId
          + "' on " + endpoint + ". Use an existing branch, tag or full commit sha (see " + page + "/tree/main).");
    }
    if ("EntryNotFound".equals(code)) {
      return new DatasetException.EntryNotFound("Cannot find " + what + " on " + endpoint
          + " (the revision exists but the file does not).");
    }
    if ("GatedRepo".equals(code)) {
      if (status == 403) {
        return new DatasetException.GatedRepo("Dataset '" + repoId + "' is gated and the account of your token is not"
            + " in its authorized list. Visit " + page + " to ask for access, then retry.");
      }
      return new DatasetException.GatedRepo("Dataset '" + repoId + "' is gated: you must be authenticated to access it."
          + " Request access at " + page + ", then set HF_TOKEN (or log in so $HF_HOME/token exists) and retry.");
    }
    if ("Access to this resource is disabled.".equals(headerMsg)) {
      return new DatasetException.RepoNotFound("Dataset '" + repoId + "' has been disabled on " + endpoint + ".");
    }
    if (status == 401 && serverMsg != null && serverMsg.contains("Invalid credentials in Authorization header")) {
      return new DatasetException.Unauthorized("The Hub at " + endpoint + " rejected your token (invalid credentials)."
          + " Check HF_TOKEN or the token file under HF_HOME, or unset it for public datasets.");
    }
    if ("RepoNotFound".equals(code) || status == 401 || (status == 404 && code == null && what.startsWith("dataset"))) {
      return new DatasetException.RepoNotFound("Dataset '" + repoId + "' doesn't exist on " + endpoint
          + " or cannot be accessed. Check the repo id; if it is private or gated, set HF_TOKEN to a token with access.");
    }
    if (status == 404) {
      return new DatasetException.EntryNotFound("Cannot find " + what + " on " + endpoint + ".");
    }
    String detail = serverMsg == null ? "" : ": " + serverMsg;
    if (RetryPolicy.retriableStatus(status)) {
      return new DatasetException.HubUnavailable("The Hub at " + endpoint + " kept answering HTTP " + status
          + " for " + what + detail + ". Retry later, or use a mirror via HF_ENDPOINT.", null);
    }
    return new DatasetException("The Hub at " + endpoint + " answered HTTP " + status + " for " + what + detail + ".");
  }

  private static String bodyMessage(Response resp) {
    try {
      String body = resp.body().string();
      if (body.isBlank() || body.length() > 10_000) {
        return null;
      }
      JsonNode n = JSON.readTree(body);
      JsonNode err = n.path("error");
      if (err.isTextual()) {
        return err.asText();
      }
      if (err.isArray() && err.size() > 0) {
        return err.get(0).asText();
      }
      return n.hasNonNull("error_description") ? n.get("error_description").asText() : null;
    } catch (Exception e) {
      return null;
    }
  }
}
