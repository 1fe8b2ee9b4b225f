package io.plugboard.deploy.kubernetes;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes manifests parsed strictly with the fabric8 Kubernetes model: every document's
 * {@code apiVersion}/{@code kind} must be one the deploy folder uses, and every field must be one the
 * API type has, at every depth. fabric8's types keep unknown fields in an "additional properties"
 * map; this mapper removes that catch-all, so an unknown field fails as it does on a strict API
 * server ({@code kubectl apply --validate=strict}). Kustomization files are parsed the same way into
 * {@link Kustomization}.
 */
final class StrictManifests {
  private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
      Map.entry("apps/v1/Deployment", Deployment.class),
      Map.entry("apps/v1/StatefulSet", StatefulSet.class),
      Map.entry("v1/Service", Service.class),
      Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
      Map.entry("v1/ConfigMap", ConfigMap.class),
      Map.entry("v1/Secret", Secret.class),
      Map.entry("v1/Namespace", Namespace.class),
      Map.entry("batch/v1/Job", Job.class),
      Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
      Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("networking.k8s.io/v1/Ingress", Ingress.class));

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .registerModule(new SimpleModule("strict-kubernetes").setDeserializerModifier(new BeanDeserializerModifier() {
        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean, BeanDeserializerBuilder builder) {
          builder.setAnySetter(null); // no catch-all for unknown fields
          return builder;
        }
      }));

  private StrictManifests() {}

  /** One document of a manifest file, typed. */
  record Manifest(Path file, int document, HasMetadata resource) {
    String label() {
      return file + " document " + document + " (" + resource.getKind() + " " + resource.getMetadata().getName() + ")";
    }
  }

  /** Every document of {@code file}, each parsed as its kind's API type. */
  static List<Manifest> parse(Path file) throws IOException {
    return parse(file, Files.readString(file));
  }

  static List<Manifest> parse(Path file, String text) throws IOException {
    List<Manifest> out = new ArrayList<>();
    String[] docs = text.split("(?m)^---\\s*$");
    for (int d = 0; d < docs.length; d++) {
      if (docs[d].lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) continue;
      String where = file + " document " + (d + 1);
      JsonNode tree = YAML.readTree(docs[d]);
      String type = tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
      Class<? extends HasMetadata> cls = TYPES.get(type);
      if (cls == null) throw new IOException(where + ": apiVersion/kind " + type + " is not one of " + TYPES.keySet());
      try {
        out.add(new Manifest(file, d + 1, YAML.readValue(docs[d], cls)));
      } catch (IOException e) {
        throw new IOException(where + " (" + tree.path("kind").asText() + " " + tree.path("metadata").path("name").asText()
            + "): " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** A {@code kustomization.yaml} (Kustomization or Component), strictly: only the fields the deploy folder uses. */
  record Kustomization(String apiVersion, String kind, String namespace, List<Labels> labels, List<String> resources,
      List<String> components, List<Image> images, List<Patch> patches, List<Generator> configMapGenerator,
      List<Generator> secretGenerator, GeneratorOptions generatorOptions) {
    List<String> resourcesOrEmpty() {
      return resources == null ? List.of() : resources;
    }

    List<String> componentsOrEmpty() {
      return components == null ? List.of() : components;
    }

    List<Patch> patchesOrEmpty() {
      return patches == null ? List.of() : patches;
    }

    List<Generator> configMapsOrEmpty() {
      return configMapGenerator == null ? List.of() : configMapGenerator;
    }
  }

  record Labels(Map<String, String> pairs, Boolean includeSelectors, Boolean includeTemplates) {}

  record Image(String name, String newName, String newTag, String digest) {}

  record Patch(String path, Map<String, String> target) {}

  record Generator(String name, List<String> files, List<String> literals, String behavior) {}

  record GeneratorOptions(Boolean disableNameSuffixHash) {}

  static Kustomization kustomization(Path file) throws IOException {
    return kustomization(file, Files.readString(file));
  }

  static Kustomization kustomization(Path file, String text) throws IOException {
    try {
      Kustomization k = YAML.readValue(text, Kustomization.class);
      boolean known = ("kustomize.config.k8s.io/v1beta1".equals(k.apiVersion()) && "Kustomization".equals(k.kind()))
          || ("kustomize.config.k8s.io/v1alpha1".equals(k.apiVersion()) && "Component".equals(k.kind()));
      if (!known) throw new IOException("not a Kustomization or Component: " + k.apiVersion() + "/" + k.kind());
      return k;
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
