package io.plugboard.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.plugboard.deploy.kubernetes.StrictManifests.Kustomization;
import io.plugboard.deploy.kubernetes.StrictManifests.Manifest;
import io.plugboard.deploy.testing.Haproxy;
import io.plugboard.deploy.testing.PlugboardJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes}: every file a kustomization names parses
 * strictly (unknown fields fail, shown on broken copies), nothing lies unused, and the pieces fit
 * together the way the cluster relies on: Services select the gateway pods, probes hit /health and
 * /ready, the proxy follows the headless Service with enough slots for the autoscaler, the HPA's
 * metric is the one prometheus-adapter serves, and the eval Job shards by its completion index.
 */
class ManifestsTest {
  static final Path K8S = PlugboardJar.root().resolve("deploy/kubernetes");
  static final String ENTRY_CLASS = "io.plugboard.harness.cli.Main";

  /** What {@code kubectl apply -k <root>} is built from: resources and patches, each parsed strictly. */
  record Bundle(List<Manifest> resources, List<Manifest> patches, List<Kustomization> kustomizations, Set<Path> files) {
    <T extends HasMetadata> T the(Class<T> type, String name) {
      return resources.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast)
          .filter(r -> r.getMetadata().getName().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    <T extends HasMetadata> List<T> patchesOf(Class<T> type, String name) {
      return patches.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast)
          .filter(r -> r.getMetadata().getName().equals(name)).toList();
    }
  }

  static Bundle load(Path root) throws IOException {
    Bundle b = new Bundle(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new LinkedHashSet<>());
    load(root, b);
    return b;
  }

  private static void load(Path dir, Bundle b) throws IOException {
    Path file = dir.resolve("kustomization.yaml");
    assertTrue(Files.isRegularFile(file), dir + " has no kustomization.yaml");
    Kustomization k = StrictManifests.kustomization(file);
    b.kustomizations().add(k);
    b.files().add(file.normalize());
    for (String r : k.resourcesOrEmpty()) {
      Path p = dir.resolve(r).normalize();
      if (Files.isDirectory(p)) {
        load(p, b);
      } else {
        assertTrue(Files.isRegularFile(p), file + " names " + r + ", which does not exist");
        b.resources().addAll(StrictManifests.parse(p));
        b.files().add(p);
      }
    }
    for (String c : k.componentsOrEmpty()) load(dir.resolve(c).normalize(), b);
    for (StrictManifests.Patch patch : k.patchesOrEmpty()) {
      Path p = dir.resolve(patch.path()).normalize();
      b.patches().addAll(StrictManifests.parse(p));
      b.files().add(p);
    }
    for (StrictManifests.Generator g : k.configMapsOrEmpty()) {
      for (String f : g.files()) {
        Path p = dir.resolve(f).normalize();
        assertTrue(Files.isRegularFile(p), file + " generates ConfigMap " + g.name() + " from " + f + ", which does not exist");
        b.files().add(p);
      }
    }
  }

  static final List<String> ROOTS = List.of("overlays/laptop", "overlays/cluster", "eval");

  @Test
  void everyManifestParsesStrictlyAndNoneLiesUnused() throws IOException {
    Set<Path> used = new LinkedHashSet<>();
    for (String root : ROOTS) {
      Bundle b = load(K8S.resolve(root));
      used.addAll(b.files());
      for (Manifest p : b.patches()) {
        String kind = p.resource().getKind(), name = p.resource().getMetadata().getName();
        assertTrue(b.resources().stream().anyMatch(r -> r.resource().getKind().equals(kind) && r.resource().getMetadata().getName().equals(name)),
            p.label() + " patches nothing in " + root);
      }
    }
    List<Path> all;
    try (Stream<Path> files = Files.walk(K8S)) {
      all = files.filter(Files::isRegularFile).filter(f -> !f.startsWith(K8S.resolve("monitoring"))).map(Path::normalize).toList();
    }
    List<Path> unused = all.stream().filter(f -> !used.contains(f)).toList();
    assertEquals(List.of(), unused, "files no kustomization in " + ROOTS + " uses");
  }

  @Test
  void anUnknownFieldOrAWrongTypeFailsWithWhereItIs(@TempDir Path tmp) throws IOException {
    Path gateway = K8S.resolve("base/gateway.yaml");
    String text = Files.readString(gateway);
    Map<String, String> breakages = Map.of(
        "replicas: 2", "replica: 2",                       // a typo at the top of spec
        "containerPort: 8000", "containerPort: 8000\n              hostPortt: 8000", // deep in a container
        "periodSeconds: 10", "periodSeconds: ten");        // a wrong type
    for (var e : breakages.entrySet()) {
      assertTrue(text.contains(e.getKey()), "the gateway manifest has " + e.getKey());
      IOException err = assertThrows(IOException.class, () -> StrictManifests.parse(gateway, text.replaceFirst(e.getKey(), e.getValue())),
          "a broken copy (" + e.getValue() + ") must fail");
      assertTrue(err.getMessage().contains("gateway.yaml document 1 (Deployment plugboard-gateway)"), err.getMessage());
    }
    IOException typo = assertThrows(IOException.class, () -> StrictManifests.parse(gateway, text.replaceFirst("replicas: 2", "replica: 2")));
    assertTrue(typo.getMessage().contains("Unrecognized field \"replica\""), typo.getMessage());
    IOException kind = assertThrows(IOException.class, () -> StrictManifests.parse(gateway, text.replaceFirst("apps/v1", "apps/v1beta1")));
    assertTrue(kind.getMessage().contains("apps/v1beta1/Deployment is not one of"), kind.getMessage());
    Path k = K8S.resolve("base/kustomization.yaml");
    IOException kust = assertThrows(IOException.class,
        () -> StrictManifests.kustomization(k, Files.readString(k).replace("resources:", "resource:")));
    assertTrue(kust.getMessage().contains("Unrecognized field \"resource\""), kust.getMessage());
  }

  @Test
  void gatewayPodsAreWhatTheServicesProbesProxyAutoscalerAndJobsExpect() throws Exception {
    Bundle laptop = load(K8S.resolve("overlays/laptop"));
    Deployment gw = laptop.the(Deployment.class, "plugboard-gateway");
    PodSpec pod = gw.getSpec().getTemplate().getSpec();
    Map<String, String> podLabels = gw.getSpec().getTemplate().getMetadata().getLabels();
    assertEquals(gw.getSpec().getSelector().getMatchLabels(), podLabels, "the Deployment selects its own pods");
    Container c = pod.getContainers().get(0);
    assertEquals("plugboard", c.getImage(), "the image the overlays' images: entries rename");
    assertTrue(c.getCommand() == null || c.getCommand().isEmpty(), "the gateway runs the image's entrypoint, plugboard serve");
    assertEquals(8000, c.getPorts().get(0).getContainerPort());
    assertEquals("/health", c.getLivenessProbe().getHttpGet().getPath());
    assertEquals("/ready", c.getReadinessProbe().getHttpGet().getPath());
    long drain = Long.parseLong(env(c, "PLUGBOARD_DRAIN_GRACE").getValue());
    assertTrue(drain + 10 <= pod.getTerminationGracePeriodSeconds(), "the drain (" + drain + " s) ends well before the kubelet's SIGKILL ("
        + pod.getTerminationGracePeriodSeconds() + " s)");
    assertEquals(1000L, pod.getSecurityContext().getRunAsUser(), "uid 1000, as the image");
    assertEquals("plugboard-store", env(c, "PLUGBOARD_STORE").getValueFrom().getSecretKeyRef().getName());
    assertEquals("1", env(c, "HF_HUB_OFFLINE").getValue(), "replicas read the pre-pulled Hub cache only");
    String hfHome = env(c, "HF_HOME").getValue();
    String cacheVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(hfHome)).findFirst().orElseThrow().getName();
    String claim = pod.getVolumes().stream().filter(v -> v.getName().equals(cacheVolume)).findFirst().orElseThrow()
        .getPersistentVolumeClaim().getClaimName();
    laptop.the(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class, claim);
    for (String name : List.of("plugboard-gateway", "plugboard-gateway-headless")) {
      Service s = laptop.the(Service.class, name);
      assertTrue(podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()), name + " selects the gateway pods");
      assertEquals("http", s.getSpec().getPorts().get(0).getTargetPort().getStrVal());
    }
    Service headless = laptop.the(Service.class, "plugboard-gateway-headless");
    assertEquals("None", headless.getSpec().getClusterIP(), "one DNS address per ready pod");

    Deployment proxy = laptop.the(Deployment.class, "plugboard-proxy");
    Container haproxy = proxy.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertTrue(env(haproxy, "PLUGBOARD_GATEWAYS_DNS").getValue().startsWith("plugboard-gateway-headless."), "the proxy follows the headless Service");
    int slots = Integer.parseInt(env(haproxy, "PLUGBOARD_GATEWAY_SLOTS").getValue());
    String configMap = proxy.getSpec().getTemplate().getSpec().getVolumes().get(0).getConfigMap().getName();
    assertTrue(laptop.kustomizations().stream().flatMap(k -> k.configMapsOrEmpty().stream()).anyMatch(g -> g.name().equals(configMap)
        && g.files().equals(List.of("haproxy.cfg"))), "the proxy mounts the generated ConfigMap of haproxy.cfg");
    assertTrue(haproxy.getArgs().contains("/etc/plugboard-proxy/haproxy.cfg"));

    String adapter = Files.readString(K8S.resolve("monitoring/prometheus-adapter-values.yaml"));
    JsonNode rule = StrictManifests.YAML.readTree(adapter).at("/rules/custom/0/name/as");
    for (String root : List.of("overlays/laptop", "overlays/cluster")) {
      Bundle b = load(K8S.resolve(root));
      HorizontalPodAutoscaler hpa = b.the(HorizontalPodAutoscaler.class, "plugboard-gateway");
      assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
      assertEquals("plugboard-gateway", hpa.getSpec().getScaleTargetRef().getName());
      List<HorizontalPodAutoscaler> all = new ArrayList<>(b.patchesOf(HorizontalPodAutoscaler.class, "plugboard-gateway"));
      all.add(hpa);
      for (HorizontalPodAutoscaler h : all) {
        assertTrue(h.getSpec().getMaxReplicas() <= slots, root + ": maxReplicas " + h.getSpec().getMaxReplicas()
            + " > the proxy's " + slots + " server slots");
        if (!h.getSpec().getMetrics().isEmpty()) {
          assertEquals(rule.asText(), h.getSpec().getMetrics().get(0).getPods().getMetric().getName(),
              "the HPA scales on the metric prometheus-adapter serves");
        }
      }
      assertTrue(b.kustomizations().get(0).images().stream().anyMatch(i -> i.name().equals("plugboard")), root + " sets the plugboard image");
    }
  }

  @Test
  void theEvalJobShardsByCompletionIndexAndResumesItsRun() throws IOException {
    Job job = load(K8S.resolve("eval")).the(Job.class, "plugboard-eval-gsm8k");
    assertEquals("Indexed", job.getSpec().getCompletionMode());
    int n = job.getSpec().getCompletions();
    assertEquals(n, job.getSpec().getParallelism(), "one pod per shard at once");
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> args = c.getArgs();
    assertEquals("eval", args.get(0));
    assertEquals("$(JOB_COMPLETION_INDEX)/" + n, args.get(args.indexOf("--shard") + 1), "--shard index/completions");
    assertTrue(args.get(args.indexOf("--run") + 1).contains("$(JOB_COMPLETION_INDEX)"), "each index resumes its own run");
    assertTrue(args.contains("--dns-replicas") && args.get(1).contains("plugboard-gateway-headless"), "spread over every ready gateway");
    assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
        env(c, "JOB_COMPLETION_INDEX").getValueFrom().getFieldRef().getFieldPath(), "declared, so $(JOB_COMPLETION_INDEX) expands");
    assertEquals("plugboard-store", env(c, "PLUGBOARD_STORE").getValueFrom().getSecretKeyRef().getName());
  }

  @Test
  void containersThatRunAnotherCommandRunTheImagesJavaLine() throws IOException {
    String pom = Files.readString(PlugboardJar.root().resolve("deploy/pom.xml"));
    String entrypoint = pom.substring(pom.indexOf("<entrypoint>") + 12, pom.indexOf("</entrypoint>"));
    assertTrue(entrypoint.endsWith("@/app/jib-classpath-file," + ENTRY_CLASS + ",serve"), entrypoint);
    Set<String> seen = new LinkedHashSet<>();
    for (String root : ROOTS) {
      for (Manifest m : load(K8S.resolve(root)).resources()) {
        for (Container c : containers(m.resource())) {
          if (!"plugboard".equals(c.getImage()) || c.getCommand() == null || c.getCommand().isEmpty()) continue;
          List<String> cmd = c.getCommand();
          assertEquals("java", cmd.get(0), m.label());
          assertEquals(List.of("-cp", "@/app/jib-classpath-file", ENTRY_CLASS), cmd.subList(cmd.size() - 3, cmd.size()),
              m.label() + " " + c.getName() + ": the image's classpath file and main class");
          seen.add(m.resource().getMetadata().getName() + "/" + c.getName());
        }
      }
    }
    assertTrue(seen.containsAll(List.of("plugboard-rewards/rewards", "plugboard-hub-prefetch/pull", "plugboard-eval-gsm8k/eval",
        "plugboard-gateway/register-reward")), "checked " + seen);
  }

  @Test
  void theProxyConfigurationIsValidWithTheClustersEnvironment(@TempDir Path tmp) throws Exception {
    Deployment proxy = load(K8S.resolve("overlays/cluster")).the(Deployment.class, "plugboard-proxy");
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (EnvVar e : proxy.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      env.put(e.getName(), e.getValue() == null ? "plugboard" : e.getValue().replace("$(POD_NAMESPACE)", "plugboard"));
    }
    // haproxy -c parses and resolves the configuration without binding its ports
    String out = Haproxy.check(K8S.resolve("base/haproxy.cfg"), env);
    assertTrue(out.contains("Configuration file is valid"), out);
  }

  private static EnvVar env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name + ": "
            + c.getEnv().stream().map(EnvVar::getName).collect(Collectors.joining(", "))));
  }

  private static List<Container> containers(HasMetadata r) {
    PodSpec spec = r instanceof Deployment d ? d.getSpec().getTemplate().getSpec()
        : r instanceof Job j ? j.getSpec().getTemplate().getSpec()
        : r instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet s ? s.getSpec().getTemplate().getSpec() : null;
    if (spec == null) return List.of();
    List<Container> out = new ArrayList<>(spec.getContainers());
    if (spec.getInitContainers() != null) out.addAll(spec.getInitContainers());
    return out;
  }
}
