package io.plugboard.validators.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The committed JSON Schema of the report ({@code report.schema.json} next to this class) and a
 * validator for it. Thread-safe after class initialization.
 */
public final class ReportSchema {
  /** Resource path of the schema. */
  public static final String RESOURCE = "/io/plugboard/validators/report/report.schema.json";

  private static final Schema SCHEMA = load();

  private ReportSchema() {}

  /** Validation errors of a report tree against the schema, as "path: message" lines. */
  public static List<String> validate(JsonNode report) {
    List<Error> errors = SCHEMA.validate(report);
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  /** The schema text. */
  public static String text() {
    try (InputStream in = ReportSchema.class.getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("report schema missing from the jar: " + RESOURCE, e);
    }
  }

  private static Schema load() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    return registry.getSchema(text());
  }
}
