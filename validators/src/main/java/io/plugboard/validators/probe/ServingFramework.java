package io.plugboard.validators.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which server framework serves an environment, as far as the wire tells: the {@code Server}
 * header, {@code /openapi.json}'s {@code info} and {@code /schema}'s keys. A behaviour of that
 * framework (its JSON parser's or serializer's depth limit, say) is not a defect of the environment
 * its author wrote; checks use this to say whose behaviour they saw.
 *
 * @param name what serves it, e.g. "OpenEnv Python server (FastAPI on uvicorn)", "Plugboard", or
 *     "unknown server"
 * @param version what the wire says of its version, e.g. "OpenEnv HTTP API 1.0.0; /schema has
 *     reset_observation (the OpenEnv 0.10 shape)"
 * @param evidence what the identification rests on (headers and document fields, quoted)
 */
public record ServingFramework(String name, String version, List<String> evidence) {
  /** True for OpenEnv's Python reference server ({@code openenv.core.env_server.HTTPEnvServer}). */
  public boolean isOpenEnvPython() {
    return name.startsWith("OpenEnv Python server");
  }

  /** "name (version)" for evidence lines. */
  public String describe() {
    return version.isEmpty() ? name : name + " (" + version + ")";
  }

  /** Identifies the framework behind {@code http}; never throws (an unreachable server is "unknown server"). */
  public static ServingFramework identify(HttpProbe http) {
    List<String> ev = new ArrayList<>();
    String server = "";
    JsonNode info = null;
    JsonNode schema = null;
    try {
      HttpProbe.Reply h = http.get("/health");
      server = h.server();
      if (!server.isEmpty()) ev.add("Server: " + server);
      HttpProbe.Reply o = http.get("/openapi.json");
      if (o.json() != null) info = o.json().path("info");
      HttpProbe.Reply s = http.get("/schema");
      schema = s.json();
    } catch (IOException e) {
      ev.add("not reachable: " + e.getMessage());
    }
    String title = info == null ? "" : info.path("title").asText("");
    String apiVersion = info == null ? "" : info.path("version").asText("");
    String contact = info == null ? "" : info.path("contact").path("name").asText("");
    if (!title.isEmpty()) ev.add("openapi info.title: " + title);
    if (!contact.isEmpty()) ev.add("openapi info.contact.name: " + contact);
    String description = info == null ? "" : info.path("description").asText("");
    String name;
    if (description.contains("served by Plugboard")) {
      name = "Plugboard";
    } else if ("OpenEnv Environment HTTP API".equals(title) && "OpenEnv Team".equals(contact)) {
      // create_fastapi_app's document; FastAPI apps are served by uvicorn in every OpenEnv image
      name = "OpenEnv Python server (FastAPI" + (server.isEmpty() ? "" : " on " + server) + ")";
    } else if (!server.isEmpty()) {
      name = server;
    } else {
      name = "unknown server";
    }
    List<String> version = new ArrayList<>();
    if (!apiVersion.isEmpty()) version.add("OpenEnv HTTP API " + apiVersion);
    if (schema != null && schema.has("reset_observation")) {
      version.add("/schema publishes reset_observation (the OpenEnv 0.10 shape)");
    }
    return new ServingFramework(name, String.join("; ", version), List.copyOf(ev));
  }
}
