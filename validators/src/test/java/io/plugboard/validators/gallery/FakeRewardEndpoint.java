package io.plugboard.validators.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.plugboard.validators.probe.Json;
import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A plugboard-reward/1 endpoint on loopback with one defect: it scores at random, answers slower
 * than its own recommended timeout, or reports components that do not sum to its reward.
 */
final class FakeRewardEndpoint implements AutoCloseable {
  enum Defect { NONDETERMINISTIC, SLOW, COMPONENTS_DO_NOT_SUM }

  private final Javalin app;

  FakeRewardEndpoint(Defect defect) {
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"healthy\"}"));
      cfg.routes.get("/info", ctx -> ctx.contentType("application/json").result("""
          {"protocol":"plugboard-reward/1","name":"fake-%s","version":"0.0.1","reward_range":[0.0,1.0],
           "components":[{"name":"correct","type":"binary","weight":0.9},{"name":"format","type":"binary","weight":0.1}],
           "deterministic":true,"llm_judged":false,"max_batch":8,"recommended_timeout_ms":%d}"""
          .formatted(defect.name().toLowerCase(), defect == Defect.SLOW ? 200 : 5000)));
      cfg.routes.post("/score", ctx -> {
        if (defect == Defect.SLOW) Thread.sleep(800);
        JsonNode body = Json.MAPPER.readTree(ctx.body());
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode results = out.putArray("results");
        for (JsonNode req : body.path("requests")) {
          double correct = req.path("completion").asText().isEmpty() ? 0 : 1;
          double reward = 0.9 * correct + 0.1;
          if (defect == Defect.NONDETERMINISTIC) reward = ThreadLocalRandom.current().nextInt(11) / 10.0;
          ObjectNode r = results.addObject().put("id", req.path("id").asText()).put("status", "ok").put("reward", reward);
          ArrayNode comps = r.putArray("components");
          comps.addObject().put("name", "correct").put("type", "binary").put("value", correct).put("weight", 0.9);
          comps.addObject().put("name", "format").put("type", "binary")
              .put("value", defect == Defect.COMPONENTS_DO_NOT_SUM ? 0.0 : 1.0).put("weight", 0.1);
          if (defect == Defect.NONDETERMINISTIC) r.remove("components");
        }
        ctx.contentType("application/json").result(out.toString());
      });
    }).start("127.0.0.1", 0);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + app.port());
  }

  @Override
  public void close() {
    app.stop();
  }
}
