package io.plugboard.validators.checks.statistical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.subject.PolicyEndpoint;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Calls an OpenAI-compatible {@code /chat/completions} endpoint for one answer. The API key is read from the named environment variable and never logged. */
final class PolicyClient {
  private final OkHttpClient http;
  private final PolicyEndpoint endpoint;

  PolicyClient(OkHttpClient http, PolicyEndpoint endpoint) {
    this.http = http;
    this.endpoint = endpoint;
  }

  String complete(String system, String user, double temperature) throws IOException {
    ObjectNode body = Json.MAPPER.createObjectNode().put("model", endpoint.model()).put("temperature", temperature);
    var msgs = body.putArray("messages");
    msgs.addObject().put("role", "system").put("content", system);
    msgs.addObject().put("role", "user").put("content", user);
    Request.Builder req = new Request.Builder().url(endpoint.baseUrl() + "/chat/completions")
        .post(RequestBody.create(body.toString(), MediaType.get("application/json")));
    String key = endpoint.apiKeyEnv() == null ? null : System.getenv(endpoint.apiKeyEnv());
    if (key != null && !key.isBlank()) req.header("Authorization", "Bearer " + key);
    try (Response r = http.newCall(req.build()).execute()) {
      String text = r.body().string();
      if (!r.isSuccessful()) throw new IOException("policy endpoint answered HTTP " + r.code());
      JsonNode j = Json.MAPPER.readTree(text);
      JsonNode content = j.path("choices").path(0).path("message").path("content");
      if (!content.isTextual()) throw new IOException("policy reply has no choices[0].message.content");
      return content.asText();
    }
  }
}
