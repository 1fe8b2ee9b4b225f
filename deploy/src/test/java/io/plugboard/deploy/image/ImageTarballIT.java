package io.plugboard.deploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.deploy.testing.ChildProcess;
import io.plugboard.deploy.testing.FreePort;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image tarball the build writes ({@code jib:buildTar}, OCI layout) unpacked as a runtime
 * would: its config follows OpenEnv's and Hugging Face Spaces' conventions, and its application
 * layers, started with this machine's {@code java} the way the entrypoint says, answer
 * {@code /health} and serve an episode. The tarball's base is {@code scratch} here (no registry to
 * pull a JRE base from), so the machine's JDK stands in for the base image's JRE.
 */
class ImageTarballIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path work;
  static OciImage image;

  @BeforeAll
  static void unpack() throws Exception {
    String tar = System.getProperty("plugboard.image.tar");
    Path tarball = tar == null ? null : Path.of(tar);
    if (tarball == null || !Files.isRegularFile(tarball)) {
      throw new AssertionError("no image tarball at " + tar + ": build it with mvn -B -ntp package -pl deploy -am");
    }
    image = OciImage.unpack(tarball, work.resolve("rootfs"));
  }

  @Test
  void configFollowsOpenEnvAndSpacesConventions() {
    assertEquals(List.of(), problems(image), "image config " + image.config());
  }

  @Test
  void theConventionCheckFailsOnABrokenImage() {
    ObjectNode broken = image.config().deepCopy();
    broken.put("User", "0");
    broken.withArray("Entrypoint").set(broken.withArray("Entrypoint").size() - 1, JSON.getNodeFactory().textNode("eval"));
    broken.set("Env", JSON.valueToTree(List.of("HOST=127.0.0.1", "HF_HOME=/root/.cache/huggingface")));
    broken.remove("ExposedPorts");
    List<String> found = problems(new OciImage(broken, image.files(), image.root()));
    assertEquals(7, found.size(), "every broken convention is reported: " + found);
  }

  @Test
  void applicationLayersAnswerHealthAndServeAnEpisode() throws Exception {
    int port = FreePort.loopback();
    Map<String, String> env = new LinkedHashMap<>();
    image.env().forEach((k, v) -> env.put(k, inRoot(v)));
    env.put("PORT", String.valueOf(port)); // the container's 8000 may be taken here; PORT is honoured
    env.put("HOST", "127.0.0.1"); // tests listen on loopback only
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : image.entrypoint().subList(1, image.entrypoint().size())) command.add(argInRoot(arg));
    command.addAll(image.cmd());
    try (ChildProcess serve = ChildProcess.start("image entrypoint", command, env, true, image.root().resolve("home/user"))) {
      serve.waitFor("Serving echo on http://127\\.0\\.0\\.1:" + port, Duration.ofMinutes(2));
      OpenEnvClient client = OpenEnvClient.newBuilder("http://127.0.0.1:" + port).build();
      assertEquals("healthy", client.health().path("status").asText(), "GET /health");
      try (EnvSession s = client.connect()) {
        StepResult reset = s.reset((ObjectNode) JSON.readTree("{\"episode_id\":\"image-episode\"}"));
        assertEquals(0.0, reset.rewardAsDouble(), "reset reward");
        JsonNode echoed = s.callTool("echo_message", (ObjectNode) JSON.readTree("{\"message\":\"from the image\"}"));
        assertEquals("from the image", echoed.asText(), "the echo tool answers through the step path");
        ObjectNode state = s.state();
        assertEquals("image-episode", state.path("episode_id").asText(), "state " + state);
        assertEquals(1, state.path("step_count").asInt(), "state " + state);
      }
    }
  }

  /** What breaks OpenEnv's and Spaces' conventions in an image's config; empty when none. */
  static List<String> problems(OciImage img) {
    List<String> out = new ArrayList<>();
    List<String> ep = img.entrypoint();
    if (ep.isEmpty() || !ep.get(0).equals("java") || ep.size() < 2
        || !ep.subList(ep.size() - 2, ep.size()).equals(List.of("io.plugboard.harness.cli.Main", "serve"))) {
      out.add("entrypoint is not `plugboard serve` (java ... io.plugboard.harness.cli.Main serve): " + ep);
    }
    if (!img.config().path("ExposedPorts").has("8000/tcp")) out.add("port 8000/tcp is not exposed");
    String user = img.config().path("User").asText("");
    if (!user.equals("1000") && !user.startsWith("1000:")) out.add("user is not uid 1000 (Spaces' non-root user): '" + user + "'");
    Map<String, String> env = img.env();
    if (!"8000".equals(env.get("PORT"))) out.add("PORT is not 8000: " + env.get("PORT"));
    if (!"0.0.0.0".equals(env.get("HOST"))) out.add("HOST is not 0.0.0.0: " + env.get("HOST"));
    if (env.getOrDefault("MAX_CONCURRENT_ENVS", "").isEmpty() || !env.get("MAX_CONCURRENT_ENVS").matches("\\d+")) {
      out.add("MAX_CONCURRENT_ENVS is not a number: " + env.get("MAX_CONCURRENT_ENVS"));
    }
    String hfHome = env.get("HF_HOME");
    OciImage.FileMode dir = hfHome == null ? null : img.files().get(hfHome.substring(1));
    if (dir == null || !dir.directory() || !(dir.uid() == 1000 || (dir.mode() & 0002) != 0)) {
      out.add("HF_HOME (" + hfHome + ") is not a directory in the image that uid 1000 can write: " + dir);
    }
    return out;
  }

  private static final Pattern IMAGE_PATH = Pattern.compile("(^|[:=@])/(app|home)/");

  /** A path of the image's file system, as a path under the unpacked root. */
  private static String inRoot(String value) {
    return IMAGE_PATH.matcher(value).replaceAll(m -> m.group(1) + image.root() + "/" + m.group(2) + "/");
  }

  /** An entrypoint argument with image paths mapped; an {@code @argfile} is rewritten the same way. */
  private static String argInRoot(String arg) {
    if (!arg.startsWith("@/")) return inRoot(arg);
    try {
      Path original = image.root().resolve(arg.substring(2));
      Path mapped = work.resolve(original.getFileName() + ".mapped");
      String lines = Files.readAllLines(original).stream().map(ImageTarballIT::inRoot).collect(Collectors.joining("\n"));
      Files.writeString(mapped, lines);
      return "@" + mapped;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
