package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.server.ServerMode;
import io.plugboard.environments.wire.WireJson;

/**
 * The {@code /openapi.json} document: OpenAPI 3.1, {@code info.version} "1.0.0", one path per
 * registered HTTP route, so {@code openenv validate} infers the mode from {@code paths}.
 */
final class OpenApiDocument {
  private OpenApiDocument() {}

  static ObjectNode build(ServerMode mode, boolean mcp, String taskEnvName) {
    ObjectNode doc = WireJson.MAPPER.createObjectNode();
    doc.put("openapi", "3.1.0");
    doc.putObject("info").put("title", "OpenEnv Environment HTTP API").put("version", "1.0.0")
        .put("description", "OpenEnv environment served by Plugboard. Episodes live on the /ws WebSocket; "
            + "HTTP /reset, /step and /state use a fresh environment per call.");
    ObjectNode paths = doc.putObject("paths");
    if (mode == ServerMode.SIMULATION) {
      op(paths, "/reset", "post", "Reset Environment", "Environment Control");
      op(paths, "/step", "post", "Step Environment", "Environment Control");
      op(paths, "/state", "get", "Get State", "State Management");
    }
    op(paths, "/metadata", "get", "Get Metadata", "Environment Info");
    op(paths, "/health", "get", "Health", "Health");
    op(paths, "/schema", "get", "Get Schemas", "Schema");
    if (mcp) op(paths, "/mcp", "post", "MCP JSON-RPC", "MCP");
    if (taskEnvName != null) {
      op(paths, "/list_environments", "get", "List Environments", "Task API");
      for (String r : TaskRoutes.ROUTES) {
        op(paths, r, r.endsWith("/splits") ? "get" : "post", "Task API " + r.substring(r.lastIndexOf('/') + 1), "Task API");
      }
    }
    return doc;
  }

  private static void op(ObjectNode paths, String path, String method, String summary, String tag) {
    ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
    ObjectNode o = item.putObject(method);
    o.put("summary", summary);
    o.putArray("tags").add(tag);
    o.putObject("responses").putObject("200").put("description", "Successful Response");
  }
}
