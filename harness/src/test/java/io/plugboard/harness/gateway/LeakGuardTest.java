package io.plugboard.harness.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakGuardTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static RowBinding bind(ObjectNode row) {
    return RowBinding.bind("test", 0, row, HiddenColumns.of(List.of(), List.of("tests")));
  }

  @Test
  void findsHiddenValuesInsideLongerStringsIncludingEscapedOnes() throws Exception {
    ObjectNode row = JSON.createObjectNode().put("question", "Compute it.").put("answer", "Line one\n\"quoted\" #### 5123");
    row.putArray("tests").add("assert f(2) == 4").add("ok");
    LeakGuard g = bind(row).guard();
    assertEquals("answer", g.leakIn(JSON.readTree("{\"text\":\"prefix Line one\\n\\\"quoted\\\" #### 5123 suffix\"}")));
    assertEquals("answer", g.leakIn(JSON.readTree("{\"n\":\"the result is 5123\"}")), "the #### tail is an answer too");
    assertEquals("tests", g.leakIn(JSON.readTree("[\"x\", {\"y\": \"assert f(2) == 4\"}]")));
    assertEquals("answer", g.leakInText("error: expected Line one\n\"quoted\" #### 5123"));
    assertNull(g.leakIn(JSON.readTree("{\"prompt\":\"Compute it.\", \"n\": 512, \"label\": \"ok\"}")));
  }

  @Test
  void shortValuesValuesInTheQuestionAndWhatTheAgentSentAreNotLeaks() throws Exception {
    ObjectNode row = JSON.createObjectNode().put("question", "Is 2048 a power of two?").put("answer", "2048").put("label", "B");
    LeakGuard g = bind(row).guard();
    assertNull(g.leakIn(JSON.readTree("{\"q\":\"Is 2048 a power of two?\",\"choices\":[\"A\",\"B\"]}")),
        "2048 is in the visible question; 'B' is too short to tell from content");
    ObjectNode row2 = JSON.createObjectNode().put("question", "q").put("answer", "#### 9999 apples");
    LeakGuard g2 = bind(row2).guard();
    assertEquals("answer", g2.leakIn(JSON.readTree("{\"echo\":\"#### 9999 apples\"}")));
    LeakGuard afterAgentSaidIt = g2.withoutValuesIn(JSON.readTree("{\"answer\":\"#### 9999 apples\"}"));
    assertNull(afterAgentSaidIt.leakIn(JSON.readTree("{\"echo\":\"#### 9999 apples\"}")));
  }

  @Test
  void shortValuesLeakWhenSentUnderTheirOwnColumnName() throws Exception {
    ObjectNode row = JSON.createObjectNode().put("question", "Pick one").put("label", "B").put("answer", 7);
    row.putArray("choices").add("A").add("B").add("C");
    LeakGuard g = RowBinding.bind("test", 0, row, HiddenColumns.of(List.of("label", "answer"), List.of())).guard();
    assertNull(g.leakIn(JSON.readTree("{\"prompt\":\"Pick one\",\"choices\":[\"A\",\"B\",\"C\"],\"step\":7}")),
        "a choice list and a step counter are ordinary content");
    assertEquals("label", g.leakIn(JSON.readTree("{\"observation\":{\"metadata\":{\"label\":\"B\"}}}")), "an echoed row leaks");
    assertNull(g.leakIn(JSON.readTree("{\"label\":\"C\"}")));
    assertEquals("answer", g.leakIn(JSON.readTree("{\"answer\":7}")));
    assertEquals("answer", g.leakIn(JSON.readTree("{\"row\":{\"answer\":\"7\",\"x\":1}}")), "7 and \"7\" both give it away");
    assertNull(g.leakIn(JSON.readTree("{\"answer\":70}")));
    assertNull(g.leakIn(JSON.readTree("{\"answer\":7.5}")));
    LeakGuard afterAgentSaidIt = g.withoutValuesIn(JSON.readTree("{\"label\":\"B\"}"));
    assertNull(afterAgentSaidIt.leakIn(JSON.readTree("{\"submitted\":{\"label\":\"B\"}}")), "the agent's own answer echoed back");
    assertEquals("answer", afterAgentSaidIt.leakIn(JSON.readTree("{\"answer\":7}")));
  }
}
