package io.plugboard.environments.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.guess.NumberGuessEnvironment;
import io.plugboard.environments.tools.McpEnvironment;
import io.plugboard.environments.wire.WireJson;
import org.junit.jupiter.api.Test;

/**
 * Which field a text answer lands in, and what the rest of the action holds, for the schema
 * shapes targets really serve. Each case names the old harness ({@code TextActions}) or
 * validators ({@code ActionShape}) result where the merged rule differs.
 */
class ActionShapeTest {

  static ObjectNode schema(String properties) {
    return WireJson.object("{\"type\":\"object\",\"properties\":" + properties + "}");
  }

  static ObjectNode schema(String properties, String required) {
    return WireJson.object("{\"type\":\"object\",\"properties\":" + properties + ",\"required\":" + required + "}");
  }

  static String shaped(JsonNode schema, String text) {
    return WireJson.write(ActionShape.fromSchema(schema).action(text));
  }

  @Test
  void answerFieldWinsOverEveryOtherName() {
    ObjectNode s = schema("{\"message\":{\"type\":\"string\"},\"content\":{\"type\":\"string\"},"
        + "\"answer\":{\"type\":\"string\"},\"metadata\":{\"type\":\"object\"}}");
    assertEquals("{\"answer\":\"72\"}", shaped(s, "72"));
  }

  @Test
  void messageIsTheEchoConventionAndTheDefault() {
    assertEquals("{\"message\":\"hi\"}", shaped(schema("{\"text\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"}}"), "hi"));
    assertEquals("{\"message\":\"hi\"}", shaped(null, "hi"));
    assertEquals("{\"message\":\"hi\"}", shaped(WireJson.object("{\"type\":\"object\"}"), "hi"));
    assertEquals("{\"message\":\"hi\"}", shaped(schema("{}"), "hi"));
    assertEquals("{\"message\":\"hi\"}", shaped(schema("{\"metadata\":{\"type\":\"object\"}}"), "hi"));
    assertSame(ActionShape.DEFAULT, ActionShape.fromSchema(WireJson.MAPPER.getNodeFactory().textNode("nonsense")));
  }

  /** Changed for the harness: it used to pick {@code content} in both cases. */
  @Test
  void responseAndTextComeBeforeContent() {
    assertEquals("{\"response\":\"r\"}",
        shaped(schema("{\"content\":{\"type\":\"string\"},\"response\":{\"type\":\"string\"}}"), "r"));
    assertEquals("{\"text\":\"t\"}",
        shaped(schema("{\"content\":{\"type\":\"string\"},\"text\":{\"type\":\"string\"}}"), "t"));
    assertEquals("{\"completion\":\"c\"}",
        shaped(schema("{\"content\":{\"type\":\"string\"},\"completion\":{\"type\":\"string\"}}"), "c"));
  }

  /** Changed for the harness: the guessing game used to get {"message": ...} and reject it. */
  @Test
  void guessIsPreferredAndReadAsAnInteger() {
    JsonNode guess = new NumberGuessEnvironment().schemas().action();
    assertEquals("{\"guess\":42}", shaped(guess, "I guess 42."));
    assertEquals("{\"guess\":50}", shaped(guess, "50"));
    assertEquals("guess (integer)", ActionShape.fromSchema(guess).describe());
  }

  @Test
  void anUnlistedStringFieldCarriesTheAnswerAndEnumFieldsGetTheirFirstValue() {
    ObjectNode s = schema("{\"mode\":{\"type\":\"string\",\"enum\":[\"fast\",\"slow\"]},"
        + "\"action\":{\"type\":\"string\"}}", "[\"mode\",\"action\"]");
    // both old classes put the text into "mode" (the first string field); the validators sent "action": ""
    assertEquals("{\"mode\":\"fast\",\"action\":\"click(3)\"}", shaped(s, "click(3)"));
  }

  @Test
  void anEnumFieldAloneStillCarriesTheAnswer() {
    assertEquals("{\"move\":\"left\"}", shaped(schema("{\"move\":{\"enum\":[\"left\",\"right\"]}}"), "left"));
  }

  @Test
  void numericOnlyFieldsReadTheNumberOutOfTheText() {
    ObjectNode integer = schema("{\"value\":{\"type\":\"integer\"}}");
    assertEquals("{\"value\":1234}", shaped(integer, "The answer is 1,234."));
    assertEquals("{\"value\":-7}", shaped(integer, "-7"));
    assertEquals("{\"value\":3}", shaped(integer, "about 3.9"));
    assertEquals("{\"value\":4}", shaped(integer, "from 3-4"));
    assertEquals("{\"value\":0}", shaped(integer, "I do not know."));
    ObjectNode number = schema("{\"value\":{\"anyOf\":[{\"type\":\"number\"},{\"type\":\"null\"}]}}");
    assertEquals("{\"value\":2.5}", shaped(number, "It is 2.5"));
    assertEquals("{\"value\":0.001}", shaped(number, " 1e-3 "));
    assertEquals("{\"value\":0}", shaped(number, "NaN"));
  }

  @Test
  void aStringFieldIsPreferredOverANumberThatComesFirst() {
    ObjectNode s = schema("{\"count\":{\"type\":\"integer\"},\"reply\":{\"type\":\"string\"}}");
    assertEquals("{\"reply\":\"9\"}", shaped(s, "9"));
  }

  /** Changed for the harness: it never filled required fields, so such targets rejected the action. */
  @Test
  void requiredFieldsGetValuesTheirSchemaAccepts() {
    ObjectNode s = schema("""
        {"answer":{"type":"string"},
         "n":{"type":"integer","minimum":1},
         "x":{"type":"number"},
         "flag":{"type":"boolean"},
         "tags":{"type":"array","items":{"type":"string"}},
         "kind":{"const":"submit"},
         "lang":{"type":"string","default":"en"},
         "note":{"anyOf":[{"type":"string"},{"type":"null"}]},
         "name":{"type":"string"},
         "opts":{"type":"object","properties":{"depth":{"type":"integer"},"free":{"type":"string"}},"required":["depth"]},
         "optional":{"type":"string"}}""",
        "[\"answer\",\"n\",\"x\",\"flag\",\"tags\",\"kind\",\"lang\",\"note\",\"name\",\"opts\",\"undeclared\"]");
    assertEquals(
        "{\"n\":1,\"x\":0,\"flag\":false,\"tags\":[],\"kind\":\"submit\",\"lang\":\"en\",\"note\":null,\"name\":\"\","
            + "\"opts\":{\"depth\":0},\"answer\":\"yes\"}",
        shaped(s, "yes"));
  }

  @Test
  void nestedModelsBehindRefsAreFilledFromDefs() {
    ObjectNode s = WireJson.object("""
        {"$defs":{"Target":{"type":"object","properties":{"row":{"type":"integer"},"col":{"type":"integer"}},"required":["row","col"]},
                  "Level":{"enum":["low","high"],"type":"string"}},
         "type":"object",
         "properties":{"target":{"$ref":"#/$defs/Target"},"level":{"$ref":"#/$defs/Level"},"solution":{"type":"string"}},
         "required":["target","level","solution"]}""");
    assertEquals("{\"target\":{\"row\":0,\"col\":0},\"level\":\"low\",\"solution\":\"x=1\"}", shaped(s, "x=1"));
  }

  @Test
  void aPreferredFieldOfAnotherTypeIsConverted() {
    assertEquals("{\"answer\":true}", shaped(schema("{\"answer\":{\"type\":\"boolean\"}}"), "Yes."));
    assertEquals("{\"answer\":false}", shaped(schema("{\"answer\":{\"type\":\"boolean\"}}"), "no"));
    assertEquals("{\"content\":[\"hi\"]}", shaped(schema("{\"content\":{\"type\":\"array\"}}"), "hi"));
    assertEquals("{\"content\":[1,2]}", shaped(schema("{\"content\":{\"type\":\"array\"}}"), "[1,2]"));
    assertEquals("{\"code\":{\"a\":1}}", shaped(schema("{\"code\":{\"type\":\"object\"}}"), "{\"a\":1}"));
  }

  /** Changed for the harness: an untyped (pydantic {@code Any}) field used to be skipped for "message". */
  @Test
  void anUntypedFieldCountsAsAString() {
    assertEquals("{\"payload\":\"p\"}", shaped(schema("{\"payload\":{\"title\":\"Payload\"}}"), "p"));
  }

  /** Changed for the harness (was {"message": ...}); same as the validators (first field). */
  @Test
  void withoutAnyTextFieldTheFirstNonConstFieldIsUsed() {
    ObjectNode s = schema("{\"type\":{\"const\":\"move\"},\"steps\":{\"type\":\"array\"}}", "[\"type\"]");
    assertEquals("{\"type\":\"move\",\"steps\":[\"go\"]}", shaped(s, "go"));
  }

  @Test
  void mcpSchemasCallTheFirstToolThatCanCarryText() {
    ObjectNode callTool = McpEnvironment.CALL_TOOL_ACTION_SCHEMA;
    assertTrue(ActionShape.isMcp(callTool));
    assertFalse(ActionShape.isMcp(new NumberGuessEnvironment().schemas().action()));
    assertFalse(ActionShape.isMcp(null));
    JsonNode tools = WireJson.MAPPER.createArrayNode()
        .add(WireJson.object("{\"name\":\"reset_board\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"hard\":{\"type\":\"boolean\"}}}}"))
        .add(WireJson.object("{\"name\":\"submit\",\"inputSchema\":{\"type\":\"object\",\"properties\":"
            + "{\"note\":{\"type\":\"string\"},\"answer\":{\"type\":\"string\"},\"attempt\":{\"type\":\"integer\"}},\"required\":[\"answer\",\"attempt\"]}}"));
    ActionShape shape = ActionShape.fromSchema(callTool, tools);
    assertEquals("{\"type\":\"call_tool\",\"tool_name\":\"submit\",\"arguments\":{\"attempt\":0,\"answer\":\"42\"}}",
        WireJson.write(shape.action("42")));
    assertEquals("call_tool submit(answer)", shape.describe());
    // no tools known: the default, which such a target rejects (both old classes did the same)
    assertSame(ActionShape.DEFAULT, ActionShape.fromSchema(callTool));
    assertSame(ActionShape.DEFAULT, ActionShape.fromSchema(callTool, WireJson.MAPPER.createArrayNode().add(tools.get(0))));
  }

  @Test
  void aSubmitToolWinsOverTextToolsListedBeforeIt() {
    JsonNode tools = WireJson.MAPPER.createArrayNode()
        .add(WireJson.object("{\"name\":\"search\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}}}}"))
        .add(WireJson.object("{\"name\":\"Submit_Answer\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}}"));
    ActionShape shape = ActionShape.fromSchema(McpEnvironment.CALL_TOOL_ACTION_SCHEMA, tools);
    assertEquals("call_tool Submit_Answer(text)", shape.describe());
    // without a submit-like name, the listing order decides (echo's echo_message before echo_with_length)
    assertEquals("call_tool search(query)", ActionShape.fromSchema(McpEnvironment.CALL_TOOL_ACTION_SCHEMA,
        WireJson.MAPPER.createArrayNode().add(tools.get(0))).describe());
    // a submit tool that cannot carry text does not win
    JsonNode numericSubmit = WireJson.MAPPER.createArrayNode()
        .add(WireJson.object("{\"name\":\"submit\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}}}}"))
        .add(tools.get(0));
    assertEquals("call_tool search(query)", ActionShape.fromSchema(McpEnvironment.CALL_TOOL_ACTION_SCHEMA, numericSubmit).describe());
  }

  @Test
  void aNamedFieldIsTypedAndCompletedFromTheSchema() {
    JsonNode guess = new NumberGuessEnvironment().schemas().action();
    assertEquals("{\"guess\":7}", WireJson.write(ActionShape.forField(guess, "guess").action("seven? 7")));
    assertEquals("{\"other\":\"7\"}", WireJson.write(ActionShape.forField(guess, "other").action("7")));
    assertEquals("{\"answer\":\"7\"}", WireJson.write(ActionShape.field("answer").action("7")));
    assertThrows(IllegalArgumentException.class, () -> ActionShape.field(" "));
  }

  @Test
  void everyActionIsAFreshObject() {
    ActionShape shape = ActionShape.fromSchema(schema("{\"answer\":{\"type\":\"string\"},\"opts\":{\"type\":\"object\"}}",
        "[\"opts\"]"));
    ObjectNode first = shape.action("a");
    ((ObjectNode) first.get("opts")).put("tampered", true);
    ObjectNode second = shape.action("b");
    assertNotSame(first, second);
    assertEquals("{\"opts\":{},\"answer\":\"b\"}", WireJson.write(second));
    assertThrows(NullPointerException.class, () -> shape.action(null));
  }

  @Test
  void echoSchemaIsMcpSoItsToolsDecide() {
    assertTrue(ActionShape.isMcp(new EchoEnvironment().schemas().action()));
  }
}
