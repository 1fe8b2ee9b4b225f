package io.plugboard.datasets.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The inferred type of a JSON or CSV column, merged over all values (int + float = float). */
enum ColumnKind {
  NULL, BOOL, INT, FLOAT, STRING, NESTED;

  static ColumnKind of(JsonNode v) {
    if (v == null || v.isNull()) {
      return NULL;
    }
    if (v.isBoolean()) {
      return BOOL;
    }
    if (v.isIntegralNumber()) {
      return INT;
    }
    if (v.isNumber()) {
      return FLOAT;
    }
    if (v.isTextual()) {
      return STRING;
    }
    return NESTED;
  }

  ColumnKind merge(ColumnKind o) {
    if (this == o || o == NULL) {
      return this;
    }
    if (this == NULL) {
      return o;
    }
    if ((this == INT && o == FLOAT) || (this == FLOAT && o == INT)) {
      return FLOAT;
    }
    return STRING == this || STRING == o ? STRING : NESTED;
  }

  ObjectNode feature() {
    ObjectNode v = ParquetValues.F.objectNode();
    String dtype = switch (this) {
      case NULL -> "null";
      case BOOL -> "bool";
      case INT -> "int64";
      case FLOAT -> "float64";
      case STRING -> "string";
      case NESTED -> null;
    };
    if (dtype == null) {
      v.put("_type", "Json");
    } else {
      v.put("dtype", dtype);
      v.put("_type", "Value");
    }
    return v;
  }
}
