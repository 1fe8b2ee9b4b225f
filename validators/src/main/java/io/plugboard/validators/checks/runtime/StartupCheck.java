package io.plugboard.validators.checks.runtime;

import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.HttpProbe;
import java.io.IOException;

/** {@code runtime.startup}: {@code GET /health} answers 200 {@code {"status":"healthy"}} within the startup deadline (10 s). */
final class StartupCheck implements Check {
  static final long DEADLINE_MS = 10_000;

  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    HttpProbe http = ctx.environmentHttp();
    long t0 = System.nanoTime();
    String last = "no answer";
    int polls = 0;
    while ((System.nanoTime() - t0) / 1_000_000 < DEADLINE_MS) {
      polls++;
      try {
        HttpProbe.Reply r = http.get("/health");
        if (r.status() == 200 && r.json() != null && "healthy".equals(r.json().path("status").asText())) {
          return CheckOutcome.builder().measure("healthy_after_ms", Math.round((System.nanoTime() - t0) / 1e6))
              .measure("polls", polls).measure("health_latency_ms", r.latencyMs()).build(io.plugboard.validators.check.CheckStatus.PASS);
        }
        last = r.describe("GET /health");
      } catch (IOException e) {
        last = "GET /health: " + e.getMessage();
      }
      Thread.sleep(250);
    }
    return CheckOutcome.builder().measure("deadline_ms", DEADLINE_MS).measure("polls", polls)
        .evidence("not healthy within " + DEADLINE_MS + " ms; last: " + last)
        .remediation("Serve GET /health with 200 {\"status\":\"healthy\"} as soon as the server accepts requests.")
        .passIf(false);
  }
}
