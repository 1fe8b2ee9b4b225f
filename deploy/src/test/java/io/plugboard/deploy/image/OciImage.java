package io.plugboard.deploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An OCI image layout tarball (what {@code jib:buildTar} writes with {@code format=OCI}) read the way
 * a container runtime reads it: {@code index.json} → manifest → config and layers, the layers
 * unpacked in order into one root file system.
 *
 * @param config the image config's {@code config} object (Entrypoint, Cmd, Env, User, ExposedPorts...)
 * @param files every path of the root file system (without the leading slash) with its tar entry's
 *     mode and owner, as the last layer that wrote it left it
 * @param root where the layers were unpacked
 */
record OciImage(JsonNode config, Map<String, FileMode> files, Path root) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Mode bits and numeric owner of one file in a layer. */
  record FileMode(int mode, long uid, long gid, boolean directory) {}

  static OciImage unpack(Path tarball, Path root) throws IOException {
    Map<String, byte[]> small = new HashMap<>();
    Map<String, Path> blobs = new HashMap<>();
    Path blobDir = Files.createDirectories(root.resolveSibling(root.getFileName() + "-blobs"));
    try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        if (!e.isFile()) continue;
        if (e.getSize() < 1 << 16) {
          small.put(e.getName(), in.readAllBytes());
        } else {
          Path p = blobDir.resolve(e.getName().replace('/', '_'));
          Files.copy(in, p);
          blobs.put(e.getName(), p);
        }
      }
    }
    if (!small.containsKey("oci-layout") || !small.containsKey("index.json")) {
      throw new IOException(tarball + " is not an OCI image layout (no oci-layout / index.json)");
    }
    JsonNode index = JSON.readTree(small.get("index.json"));
    JsonNode manifest = JSON.readTree(blob(small, index.path("manifests").path(0).path("digest").asText()));
    JsonNode config = JSON.readTree(blob(small, manifest.path("config").path("digest").asText())).path("config");
    Map<String, FileMode> files = new LinkedHashMap<>();
    Files.createDirectories(root);
    for (JsonNode layer : manifest.path("layers")) {
      String name = "blobs/" + layer.path("digest").asText().replace(':', '/');
      InputStream raw = blobs.containsKey(name) ? Files.newInputStream(blobs.get(name))
          : new java.io.ByteArrayInputStream(small.get(name));
      try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(raw)))) {
        for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
          String path = e.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
          files.put(path, new FileMode(e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), e.isDirectory()));
          Path target = root.resolve(path).normalize();
          if (!target.startsWith(root)) throw new IOException("layer entry escapes the root: " + e.getName());
          if (e.isDirectory()) {
            Files.createDirectories(target);
          } else if (e.isFile()) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    return new OciImage(config, files, root);
  }

  private static byte[] blob(Map<String, byte[]> small, String digest) throws IOException {
    byte[] b = small.get("blobs/" + digest.replace(':', '/'));
    if (b == null) throw new IOException("blob " + digest + " is missing from the image");
    return b;
  }

  List<String> entrypoint() {
    return strings(config.path("Entrypoint"));
  }

  List<String> cmd() {
    return strings(config.path("Cmd"));
  }

  /** {@code Env} as a map. */
  Map<String, String> env() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : strings(config.path("Env"))) {
      int eq = kv.indexOf('=');
      out.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
