package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.wire.JsonRpcErrorCode;
import io.plugboard.environments.wire.WireJson;
import java.util.Set;

/** JSON-RPC 2.0 envelopes as the OpenEnv dialect builds and checks them (spec 6.1). */
final class JsonRpc {
  private static final Set<String> KEYS = Set.of("jsonrpc", "method", "params", "id");

  private JsonRpc() {}

  static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode r = WireJson.MAPPER.createObjectNode();
    r.put("jsonrpc", "2.0");
    r.set("id", id == null ? NullNode.instance : id);
    r.set("result", result == null ? NullNode.instance : result);
    return r;
  }

  static ObjectNode error(JsonNode id, ObjectNode error) {
    ObjectNode r = WireJson.MAPPER.createObjectNode();
    r.put("jsonrpc", "2.0");
    r.set("id", id == null ? NullNode.instance : id);
    r.set("error", error);
    return r;
  }

  static ObjectNode error(JsonNode id, JsonRpcErrorCode code, String message) {
    return error(id, ErrorMapper.jsonRpcError(new JsonRpcException(code, message)));
  }

  /**
   * Checks a request object against the reference's {@code JsonRpcRequest}; returns null when
   * valid, else the reason ("Invalid request: …" follows).
   */
  static String invalidReason(ObjectNode req) {
    var names = req.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!KEYS.contains(k)) return "1 validation error for JsonRpcRequest\n" + k + "\n  Extra inputs are not permitted";
    }
    JsonNode v = req.get("jsonrpc");
    if (v == null) return "1 validation error for JsonRpcRequest\njsonrpc\n  Field required";
    if (!v.isTextual() || !v.textValue().equals("2.0")) return "1 validation error for JsonRpcRequest\njsonrpc\n  Input should be '2.0'";
    JsonNode m = req.get("method");
    if (m == null) return "1 validation error for JsonRpcRequest\nmethod\n  Field required";
    if (!m.isTextual()) return "1 validation error for JsonRpcRequest\nmethod\n  Input should be a valid string";
    JsonNode p = req.get("params");
    if (p != null && !p.isObject()) return "1 validation error for JsonRpcRequest\nparams\n  Input should be a valid dictionary";
    JsonNode id = req.get("id");
    if (id != null && !(id.isNull() || id.isTextual() || id.isIntegralNumber())) {
      return "1 validation error for JsonRpcRequest\nid\n  Input should be a valid string or integer";
    }
    return null;
  }
}
