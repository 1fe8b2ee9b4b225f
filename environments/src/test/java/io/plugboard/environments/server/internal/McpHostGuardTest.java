package io.plugboard.environments.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When the guard is on, and what the off state still checks (a server on all interfaces). */
class McpHostGuardTest {
  @Test
  void onForLoopbackBindsAndForAnyAllowList() {
    for (String bind : List.of("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.53")) {
      assertTrue(McpHostGuard.forBind(true, bind, List.of()).enabled(), bind);
    }
    assertFalse(McpHostGuard.forBind(true, "0.0.0.0", List.of()).enabled(), "all interfaces, no allow-list: reachable under any name");
    assertFalse(McpHostGuard.forBind(true, null, List.of()).enabled());
    assertTrue(McpHostGuard.forBind(true, "0.0.0.0", List.of("box.example")).enabled(), "an allow-list turns it on");
    assertFalse(McpHostGuard.forBind(false, "127.0.0.1", List.of("box.example")).enabled());
  }

  @Test
  void offStillRefusesACrossOriginRequest() {
    McpHostGuard off = McpHostGuard.forBind(true, "0.0.0.0", List.of());
    assertTrue(off.check("evil.example", null).passed(), "any Host when bound to all interfaces");
    assertTrue(off.check("10.0.0.5:8000", "http://10.0.0.5:3000").passed(), "same host");
    assertTrue(off.check("10.0.0.5:8000", "http://localhost:3000").passed());
    assertEquals("Origin", off.check("10.0.0.5:8000", "http://evil.example").header());
  }

  @Test
  void loopbackNamesAreExact() {
    assertTrue(McpHostGuard.isLoopbackName("127.255.0.1"));
    assertFalse(McpHostGuard.isLoopbackName("127.0.0.256"));
    assertFalse(McpHostGuard.isLoopbackName("127.0.0"));
    assertFalse(McpHostGuard.isLoopbackName("127.0.0.1.nip.io"));
    assertFalse(McpHostGuard.isLoopbackName("localhost.evil"));
    McpHostGuard on = McpHostGuard.forBind(true, "127.0.0.1", List.of("::2"));
    assertTrue(on.check("[::2]:80", null).passed(), "a bare IPv6 entry matches its bracketed form");
    assertEquals("Host", on.check("user@evil.example", null).header());
    assertEquals("Host", on.check(null, null).header(), "no Host at all");
    assertEquals("Origin", on.check("localhost", "localhost:3000").header(), "an Origin without a scheme is malformed");
  }
}
