package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.EnvironmentFactoryException;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.SessionCapacityException;
import io.plugboard.environments.wire.ErrorCode;
import io.plugboard.environments.wire.JsonRpcErrorCode;
import io.plugboard.environments.wire.WireJson;

/**
 * The one place exceptions become wire errors: {@code /ws} error data, JSON-RPC error objects and
 * (through {@link HttpRoutes#registerErrors}) HTTP responses. Handlers throw; they never build
 * error JSON themselves.
 */
final class ErrorMapper {
  private ErrorMapper() {}

  /** {@code str(exc)} as Python would print it. */
  static String text(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
  }

  /** The {@code data} of a {@code {"type":"error"}} frame. */
  static ObjectNode wsError(Throwable t) {
    ObjectNode d = WireJson.MAPPER.createObjectNode();
    if (t instanceof EnvelopeException e) {
      d.put("message", e.getMessage()).put("code", e.code.name());
      if (e.errors != null) d.set("errors", e.errors);
    } else if (t instanceof InvalidActionException e) {
      d.put("message", "Invalid message").put("code", ErrorCode.VALIDATION_ERROR.name());
      d.set("errors", e.errors());
    } else if (t instanceof SessionCapacityException e) {
      d.put("message", e.getMessage()).put("code", ErrorCode.CAPACITY_REACHED.name());
      d.put("active_sessions", e.activeSessions()).put("max_sessions", e.maxSessions());
      if (e.draining()) d.put("draining", true);
    } else if (t instanceof EnvironmentFactoryException e) {
      d.put("message", e.getMessage()).put("code", ErrorCode.FACTORY_ERROR.name());
      d.put("factory_name", e.factoryName());
    } else {
      d.put("message", text(t)).put("code", ErrorCode.EXECUTION_ERROR.name());
    }
    return d;
  }

  /** A {@code /ws} error frame for a failure during session setup or outside message handling. */
  static ObjectNode wsSetupError(Throwable t) {
    if (t instanceof SessionCapacityException || t instanceof EnvironmentFactoryException) return wsError(t);
    ObjectNode d = WireJson.MAPPER.createObjectNode();
    d.put("message", text(t)).put("code", ErrorCode.SESSION_ERROR.name());
    return d;
  }

  /** The {@code error} object of a JSON-RPC response ({@code data} always present). */
  static ObjectNode jsonRpcError(Throwable t) {
    ObjectNode e = WireJson.MAPPER.createObjectNode();
    if (t instanceof JsonRpcException j) {
      e.put("code", j.code).put("message", j.getMessage()).set("data", j.data == null ? NullNode.instance : j.data);
    } else if (t instanceof SessionCapacityException c) {
      e.put("code", JsonRpcErrorCode.SERVER_ERROR.code()).put("message", c.getMessage());
      ObjectNode data = e.putObject("data").put("active_sessions", c.activeSessions()).put("max_sessions", c.maxSessions());
      if (c.draining()) data.put("draining", true);
    } else if (t instanceof EnvironmentFactoryException f) {
      e.put("code", JsonRpcErrorCode.SERVER_ERROR.code()).put("message", f.getMessage());
      e.putObject("data").put("factory_name", f.factoryName());
    } else { // ToolCallException and anything else: -32603 with the exception text, as the reference
      e.put("code", JsonRpcErrorCode.INTERNAL_ERROR.code()).put("message", text(t)).set("data", NullNode.instance);
    }
    return e;
  }
}
