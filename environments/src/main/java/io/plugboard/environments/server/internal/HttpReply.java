package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.plugboard.environments.server.Outbound;

/** Writes JSON HTTP bodies through the outbound filter. */
final class HttpReply {
  private final OutboundWriter out;

  HttpReply(OutboundWriter out) {
    this.out = out;
  }

  /** 200 with a filtered JSON body; a blocked body throws and is mapped to 500 by {@link HttpRoutes}. */
  void json(Context ctx, String route, JsonNode body) {
    json(ctx, route, null, 200, body);
  }

  void json(Context ctx, String route, String sessionId, int status, JsonNode body) {
    String text = out.render(Outbound.Transport.HTTP, route, sessionId, body);
    ctx.status(status).contentType("application/json").result(text);
  }
}
