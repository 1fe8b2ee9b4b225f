package io.plugboard.validators.checks.manifest;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code static.manifest}: the {@code openenv.yaml} or dataset {@code environment.yaml} parses as
 * YAML and satisfies its schema ({@code manifest/*.schema.json} in resources).
 */
final class ManifestCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    Manifests.Found m = Manifests.find(ctx.target()).orElseThrow();
    CheckOutcome.Builder out = CheckOutcome.builder().measure("source", m.source()).measure("kind", m.kind())
        .remediation("Fix the manifest so it parses and carries the required keys with the right types (see evidence).");
    if (m.tree() == null) {
      out.evidence(m.source() + " does not parse: " + m.parseError());
      return out.passIf(false);
    }
    String res = "/io/plugboard/validators/manifest/"
        + (m.kind().equals("environment.yaml") ? "environment" : "openenv") + ".schema.json";
    Schema schema;
    try (InputStream in = ManifestCheck.class.getResourceAsStream(res)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    var errors = schema.validate(m.tree());
    errors.forEach(e -> out.evidence(m.source() + ": " + (e.getInstanceLocation().toString().isEmpty() ? "/" : e.getInstanceLocation())
        + " " + e.getMessage()));
    out.measure("schema_errors", errors.size());
    return out.passIf(errors.isEmpty());
  }
}
