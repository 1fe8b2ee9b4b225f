package io.plugboard.datasets.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environment variables mean what they mean to huggingface_hub. */
class HubSettingsTest {
  @Test
  void cacheAndEndpointFollowHfVariables(@TempDir Path tmp) {
    HubSettings s = HubSettings.fromEnvironment(Map.of("HF_HOME", tmp.toString(), "HF_ENDPOINT", "http://mirror:8080//"));
    assertEquals("http://mirror:8080", s.endpoint());
    assertEquals(tmp.resolve("hub"), s.hubCache());
    assertFalse(s.offline());
    assertEquals(tmp.resolve("c"), HubSettings.fromEnvironment(Map.of("HF_HOME", tmp.toString(), "HF_HUB_CACHE", tmp.resolve("c").toString())).hubCache());
    assertEquals(tmp.resolve("x/huggingface/hub"), HubSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", tmp.resolve("x").toString())).hubCache());
    assertEquals(HubSettings.DEFAULT_ENDPOINT, HubSettings.fromEnvironment(Map.of()).endpoint());
  }

  @Test
  void offlineFlagsAcceptPythonTruthValues() {
    assertTrue(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "yes")).offline());
    assertTrue(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "ON")).offline());
    assertFalse(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "0")).offline());
    assertFalse(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "1", "HF_DATASETS_OFFLINE", "0")).offline());
  }

  @Test
  void tokenLookupOrderAndCleaningAndRedaction(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("token"), "  hf_fromfile123\r\n");
    HubSettings file = HubSettings.fromEnvironment(Map.of("HF_HOME", tmp.toString()));
    assertEquals("Bearer hf_fromfile123", file.token().orElseThrow().bearer());
    HubSettings env = HubSettings.fromEnvironment(Map.of("HF_HOME", tmp.toString(), "HF_TOKEN", "hf_env\n", "HUGGING_FACE_HUB_TOKEN", "hf_legacy"));
    assertEquals("Bearer hf_env", env.token().orElseThrow().bearer());
    assertEquals("Bearer hf_legacy", HubSettings.fromEnvironment(Map.of("HF_HOME", tmp.toString(), "HUGGING_FACE_HUB_TOKEN", "hf_legacy"))
        .token().orElseThrow().bearer());
    Files.writeString(tmp.resolve("other"), "hf_other");
    assertEquals("Bearer hf_other", HubSettings.fromEnvironment(Map.of("HF_HOME", tmp.toString(), "HF_TOKEN_PATH", tmp.resolve("other").toString()))
        .token().orElseThrow().bearer());
    assertTrue(HubSettings.fromEnvironment(Map.of("HF_HOME", tmp.resolve("none").toString(), "HF_TOKEN", "  ")).token().isEmpty());
    assertFalse(env.toString().contains("hf_env"), env.toString());
  }
}
