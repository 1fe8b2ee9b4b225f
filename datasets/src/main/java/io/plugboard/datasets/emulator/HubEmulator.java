package io.plugboard.datasets.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.http.UriCompliance;

/**
 * A local server that speaks the Hugging Face Hub's dataset API over a folder, so Plugboard (or
 * Python's {@code huggingface_hub}/{@code datasets} with {@code HF_ENDPOINT}) can load datasets
 * offline. It serves repo info and revisions, recursive tree listings with {@code Link} pagination,
 * {@code /resolve/} with the Hub's metadata headers (X-Repo-Commit, ETag, X-Linked-Etag,
 * X-Linked-Size) and a 302 to a separate storage path (on another host name) for LFS files,
 * {@code X-Error-Code} errors, gated and private repos, the {@code refs/convert/parquet} listing,
 * and programmable {@link Fault}s.
 *
 * <p>Folder layout: {@code <root>/datasets/<org>/<name>/} is the {@code main} branch; other refs
 * live in {@code <root>/datasets/<org>/<name>/.hub/refs/<kind>/<name>/} (e.g.
 * {@code .hub/refs/convert/parquet/}, {@code .hub/refs/heads/dev/}, {@code .hub/refs/tags/v1.0/});
 * {@code .hub/repo.json} may say {@code {"gated": "manual", "private": false, "tokens": ["hf_..."]}} (the tokens
 * granted access). With {@link #withStrictTokens()}, tokens listed in no repo and not in
 * {@code <root>/tokens.txt} (one per line) get 401 "Invalid credentials".
 *
 * <p>Thread-safe. Start with {@link #start}, stop with {@link #close}.
 */
public final class HubEmulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INVALID_CREDENTIALS = "Invalid credentials in Authorization header";
  private static final int SEND_BUFFER = 256 * 1024;

  private final Path root;
  private final int pageSize;
  private final boolean strictTokens;
  private final RepoFiles repoFiles = new RepoFiles();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
  private Javalin app;

  private HubEmulator(Path root, int pageSize, boolean strictTokens) {
    this.root = root.toAbsolutePath();
    this.pageSize = pageSize;
    this.strictTokens = strictTokens;
  }

  /** An emulator over {@code root} (not started), tree pages of 1000 entries, any token accepted for public repos. */
  public static HubEmulator over(Path root) {
    return new HubEmulator(root, 1000, false);
  }

  /** The same emulator with another tree page size (to exercise pagination). */
  public HubEmulator withPageSize(int n) {
    return new HubEmulator(root, n, strictTokens);
  }

  /** The same emulator, answering 401 "Invalid credentials" to tokens no repo lists. */
  public HubEmulator withStrictTokens() {
    return new HubEmulator(root, pageSize, true);
  }

  /** Starts on {@code host}:{@code port} (0 picks a free port). */
  public HubEmulator start(String host, int port) {
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jetty.modifyHttpConfiguration(h -> h.setUriCompliance(UriCompliance.UNSAFE));
      cfg.jetty.modifyServletContextHandler(h -> h.getServletHandler().setDecodeAmbiguousURIs(true));
      for (HandlerType t : List.of(HandlerType.GET, HandlerType.HEAD)) {
        cfg.routes.addHttpHandler(t, "/*", this::dispatch);
        cfg.routes.addHttpHandler(t, "/", this::dispatch);
      }
    }).start(host, port);
    return this;
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** The value for {@code HF_ENDPOINT}: {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public Path root() {
    return root;
  }

  /** Adds a fault; it fires on matching requests until its count is used up. */
  public void inject(Fault fault) {
    faults.add(fault);
  }

  public void clearFaults() {
    faults.clear();
  }

  /** Requests received so far, oldest first. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }

  // ---------------------------------------------------------------- dispatch

  private void dispatch(Context ctx) throws Exception {
    String raw = ctx.req().getRequestURI();
    String query = ctx.req().getQueryString();
    String host = ctx.req().getServerName();
    requests.add(new RecordedRequest(ctx.method().name(), raw + (query == null ? "" : "?" + query), host,
        ctx.header("Authorization") != null, ctx.header("Range")));
    String[] seg = raw.substring(1).split("/", -1);
    boolean fileBody = ctx.method() == HandlerType.GET && (raw.startsWith("/storage/") || raw.contains("/resolve/"));
    for (Fault f : faults) {
      if (f.take(raw, fileBody)) {
        if (applyFault(ctx, f)) {
          return;
        }
      }
    }
    faults.removeIf(Fault::exhausted);
    if (seg.length >= 2 && seg[0].equals("storage")) {
      storage(ctx, seg[1], fileBody);
      return;
    }
    if (seg.length >= 3 && seg[0].equals("api") && seg[1].equals("datasets") && seg.length >= 4) {
      api(ctx, seg);
      return;
    }
    if (seg.length >= 6 && seg[0].equals("datasets") && seg[3].equals("resolve")) {
      resolve(ctx, seg[1] + "/" + seg[2], decode(seg[4]), decodePath(seg, 5), fileBody);
      return;
    }
    error(ctx, 404, null, "Not found: " + raw);
  }

  private boolean applyFault(Context ctx, Fault f) throws InterruptedException {
    switch (f.kind()) {
      case RATE_LIMIT -> {
        ctx.header("RateLimit", "\"resolvers\";r=0;t=" + f.param());
        ctx.header("RateLimit-Policy", "\"fixed window\";\"resolvers\";q=3000;w=300");
        error(ctx, 429, null, "You have been rate-limited; you can retry this action in " + f.param() + " seconds.");
        return true;
      }
      case SERVER_ERROR -> {
        error(ctx, f.param(), null, "Internal Error - We're working hard to fix this as soon as possible!");
        return true;
      }
      case SLOW -> {
        Thread.sleep(f.param());
        return false;
      }
      default -> {
        ctx.attribute("fault", f.kind());
        return false;
      }
    }
  }

  // ---------------------------------------------------------------- repos and access

  private record Repo(String id, Path dir, JsonNode meta, Map<String, Path> refRoots) {
    boolean gated() {
      JsonNode g = meta.path("gated");
      return g.isTextual() ? !g.asText().equals("false") : g.asBoolean(false);
    }

    boolean isPrivate() {
      return meta.path("private").asBoolean(false);
    }

    Set<String> tokens() {
      Set<String> s = new HashSet<>();
      meta.path("tokens").forEach(t -> s.add(t.asText()));
      return s;
    }
  }

  private Repo repo(String id) throws IOException {
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]*/[A-Za-z0-9][A-Za-z0-9_.\\-]*") || id.contains("..")) {
      return null;
    }
    Path dir = root.resolve("datasets").resolve(id);
    if (!Files.isDirectory(dir)) {
      return null;
    }
    Path metaFile = dir.resolve(".hub/repo.json");
    JsonNode meta = Files.isRegularFile(metaFile) ? JSON.readTree(metaFile.toFile()) : JSON.createObjectNode();
    Map<String, Path> refs = new LinkedHashMap<>();
    refs.put("main", dir);
    Path refsDir = dir.resolve(".hub/refs");
    if (Files.isDirectory(refsDir)) {
      try (Stream<Path> kinds = Files.list(refsDir)) {
        for (Path kind : kinds.sorted().toList()) {
          try (Stream<Path> names = Files.list(kind)) {
            for (Path n : names.sorted().toList()) {
              String k = kind.getFileName().toString();
              String name = n.getFileName().toString();
              String ref = switch (k) {
                case "heads" -> name;
                case "tags" -> name;
                default -> "refs/" + k + "/" + name;
              };
              refs.put(ref, n);
            }
          }
        }
      }
    }
    return new Repo(id, dir, meta, refs);
  }

  private Set<String> allTokens() throws IOException {
    Set<String> s = new HashSet<>();
    Path users = root.resolve("tokens.txt");
    if (Files.isRegularFile(users)) {
      Files.readAllLines(users).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(s::add);
    }
    Path ds = root.resolve("datasets");
    if (Files.isDirectory(ds)) {
      try (Stream<Path> w = Files.walk(ds, 4)) {
        for (Path p : w.filter(x -> x.endsWith(Path.of(".hub", "repo.json"))).toList()) {
          JSON.readTree(p.toFile()).path("tokens").forEach(t -> s.add(t.asText()));
        }
      }
    }
    return s;
  }

  private String token(Context ctx) {
    String a = ctx.header("Authorization");
    return a != null && a.startsWith("Bearer ") ? a.substring(7).trim() : null;
  }

  /** Checks access; writes the error and returns false when denied. {@code download} applies gating. */
  private boolean allowed(Context ctx, Repo repo, String id, boolean download) throws IOException {
    String token = token(ctx);
    if (token != null && strictTokens && !allTokens().contains(token)) {
      error(ctx, 401, null, INVALID_CREDENTIALS);
      return false;
    }
    if (repo == null || (repo.isPrivate() && (token == null || !repo.tokens().contains(token)))) {
      error(ctx, token == null ? 401 : 404, "RepoNotFound", "Repository not found");
      return false;
    }
    if (download && repo.gated() && (token == null || !repo.tokens().contains(token))) {
      if (token == null) {
        error(ctx, 401, "GatedRepo", "Access to dataset " + id + " is restricted. You must have access to it and be authenticated to access it. Please log in.");
      } else {
        error(ctx, 403, "GatedRepo", "Access to dataset " + id + " is restricted and you are not in the authorized list. Visit "
            + "https://huggingface.co/datasets/" + id + " to ask for access.");
      }
      return false;
    }
    return true;
  }

  private RepoFiles.Snapshot snapshot(Repo repo, String rev) {
    String r = rev.equals("HEAD") ? "main" : rev;
    Path refRoot = repo.refRoots().get(r);
    if (refRoot != null) {
      return repoFiles.snapshot(r, refRoot);
    }
    if (r.matches("[0-9a-f]{7,40}")) {
      for (Map.Entry<String, Path> e : repo.refRoots().entrySet()) {
        RepoFiles.Snapshot s = repoFiles.snapshot(e.getKey(), e.getValue());
        if (s.sha().startsWith(r)) {
          return s;
        }
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- /api/datasets

  private void api(Context ctx, String[] seg) throws IOException {
    String id = seg[2] + "/" + seg[3];
    Repo repo = repo(id);
    if (!allowed(ctx, repo, id, seg.length > 4 && (seg[4].equals("auth-check") || seg[4].equals("parquet")))) {
      return;
    }
    String op = seg.length > 4 ? seg[4] : "";
    switch (op) {
      case "" -> info(ctx, repo, "main");
      case "revision" -> info(ctx, repo, seg.length > 5 ? decode(seg[5]) : "main");
      case "tree" -> tree(ctx, repo, seg.length > 5 ? decode(seg[5]) : "main", decodePath(seg, 6));
      case "refs" -> refs(ctx, repo);
      case "auth-check" -> ctx.json(Map.of("access", "granted"));
      case "parquet" -> parquet(ctx, repo, seg);
      default -> error(ctx, 404, null, "Not found");
    }
  }

  private void info(Context ctx, Repo repo, String rev) throws IOException {
    RepoFiles.Snapshot s = snapshot(repo, rev);
    if (s == null) {
      error(ctx, 404, "RevisionNotFound", "Invalid rev id: " + rev);
      return;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("_id", s.sha().substring(0, 24));
    o.put("id", repo.id());
    o.put("author", repo.id().substring(0, repo.id().indexOf('/')));
    o.put("sha", s.sha());
    o.put("private", repo.isPrivate());
    JsonNode gated = repo.meta().path("gated");
    if (gated.isTextual() && !gated.asText().equals("false")) {
      o.put("gated", gated.asText());
    } else {
      o.put("gated", gated.asBoolean(false) ? "auto" : null);
      if (!gated.asBoolean(false)) {
        o.put("gated", false);
      }
    }
    o.put("disabled", false);
    o.put("lastModified", Files.getLastModifiedTime(repo.dir()).toInstant().toString());
    ArrayNode siblings = o.putArray("siblings");
    boolean blobs = "true".equals(ctx.queryParam("blobs"));
    for (RepoFiles.Entry e : s.files().values()) {
      ObjectNode sib = siblings.addObject().put("rfilename", e.path());
      if (blobs) {
        sib.put("size", e.size()).put("blobId", e.gitOid());
        if (e.lfs()) {
          sib.putObject("lfs").put("sha256", e.sha256()).put("size", e.size()).put("pointerSize", 134);
        }
      }
    }
    ctx.json(o);
  }

  private void tree(Context ctx, Repo repo, String rev, String sub) {
    RepoFiles.Snapshot s = snapshot(repo, rev);
    if (s == null) {
      error(ctx, 404, "RevisionNotFound", "Invalid rev id: " + rev);
      return;
    }
    boolean recursive = "true".equals(ctx.queryParam("recursive")) || "1".equals(ctx.queryParam("recursive"));
    String prefix = sub == null || sub.isEmpty() ? "" : sub + "/";
    List<ObjectNode> entries = new ArrayList<>();
    Set<String> dirs = new java.util.TreeSet<>();
    for (RepoFiles.Entry e : s.files().values()) {
      if (!e.path().startsWith(prefix)) {
        continue;
      }
      String rest = e.path().substring(prefix.length());
      String[] parts = rest.split("/");
      for (int i = 1; i < parts.length && (recursive || i == 1); i++) {
        dirs.add(prefix + String.join("/", java.util.Arrays.copyOf(parts, i)));
      }
      if (recursive || parts.length == 1) {
        ObjectNode n = JSON.createObjectNode().put("type", "file").put("oid", e.gitOid()).put("size", e.size()).put("path", e.path());
        if (e.lfs()) {
          n.putObject("lfs").put("oid", e.sha256()).put("size", e.size()).put("pointerSize", 134);
        }
        entries.add(n);
      }
    }
    if (!prefix.isEmpty() && entries.isEmpty() && dirs.isEmpty()) {
      error(ctx, 404, "EntryNotFound", sub + " does not exist on \"" + rev + "\"");
      return;
    }
    for (String d : dirs) {
      entries.add(JSON.createObjectNode().put("type", "directory").put("oid", "0".repeat(40)).put("size", 0).put("path", d));
    }
    entries.sort((a, b) -> a.get("path").asText().compareTo(b.get("path").asText()));
    int cursor = ctx.queryParam("cursor") == null ? 0 : Integer.parseInt(ctx.queryParam("cursor"));
    int end = Math.min(entries.size(), cursor + pageSize);
    ArrayNode page = JSON.createArrayNode();
    entries.subList(Math.min(cursor, end), end).forEach(page::add);
    if (end < entries.size()) {
      String base = "http://" + ctx.req().getServerName() + ":" + ctx.req().getServerPort() + ctx.req().getRequestURI();
      ctx.header("Link", "<" + base + "?recursive=" + recursive + "&expand=false&cursor=" + end + ">; rel=\"next\"");
    }
    ctx.json(page);
  }

  private void refs(Context ctx, Repo repo) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode branches = o.putArray("branches");
    ArrayNode converts = o.putArray("converts");
    ArrayNode tags = o.putArray("tags");
    for (Map.Entry<String, Path> e : repo.refRoots().entrySet()) {
      String sha = repoFiles.snapshot(e.getKey(), e.getValue()).sha();
      String kind = e.getValue().equals(repo.dir()) ? "heads" : e.getValue().getParent().getFileName().toString();
      ObjectNode r = JSON.createObjectNode().put("name", e.getValue().equals(repo.dir()) ? "main" : e.getValue().getFileName().toString())
          .put("ref", e.getKey().startsWith("refs/") ? e.getKey() : "refs/" + kind + "/" + e.getKey()).put("targetCommit", sha);
      (kind.equals("convert") ? converts : kind.equals("tags") ? tags : branches).add(r);
    }
    ctx.json(o);
  }

  private void parquet(Context ctx, Repo repo, String[] seg) {
    RepoFiles.Snapshot s = snapshot(repo, "refs/convert/parquet");
    if (s == null) {
      error(ctx, 404, "RevisionNotFound", "Parquet conversion not available for " + repo.id());
      return;
    }
    String base = "http://" + ctx.req().getServerName() + ":" + ctx.req().getServerPort() + "/api/datasets/" + repo.id() + "/parquet/";
    Map<String, Map<String, List<String>>> all = new LinkedHashMap<>();
    Map<String, String> target = new LinkedHashMap<>();
    for (RepoFiles.Entry e : s.files().values()) {
      String[] p = e.path().split("/");
      if (p.length == 3 && p[2].matches("\\d{4}\\.parquet")) {
        String n = String.valueOf(Integer.parseInt(p[2].substring(0, 4)));
        all.computeIfAbsent(p[0], k -> new LinkedHashMap<>()).computeIfAbsent(p[1], k -> new ArrayList<>())
            .add(base + p[0] + "/" + p[1] + "/" + n + ".parquet");
        target.put(p[0] + "/" + p[1] + "/" + n + ".parquet", e.path());
      }
    }
    if (seg.length == 5) {
      ctx.json(all);
    } else if (seg.length == 6 && all.containsKey(seg[5])) {
      ctx.json(all.get(seg[5]));
    } else if (seg.length == 7 && all.containsKey(seg[5]) && all.get(seg[5]).containsKey(seg[6])) {
      ctx.json(all.get(seg[5]).get(seg[6]));
    } else if (seg.length == 8 && target.containsKey(seg[5] + "/" + seg[6] + "/" + seg[7])) {
      ctx.status(302).header("Location", "/datasets/" + repo.id() + "/resolve/refs%2Fconvert%2Fparquet/"
          + target.get(seg[5] + "/" + seg[6] + "/" + seg[7]));
    } else {
      error(ctx, 404, null, "Not found");
    }
  }

  // ---------------------------------------------------------------- /resolve and /storage

  private void resolve(Context ctx, String id, String rev, String path, boolean body) throws IOException {
    Repo repo = repo(id);
    if (!allowed(ctx, repo, id, true)) {
      return;
    }
    RepoFiles.Snapshot s = snapshot(repo, rev);
    if (s == null) {
      error(ctx, 404, "RevisionNotFound", "Invalid rev id: " + rev);
      return;
    }
    ctx.header("X-Repo-Commit", s.sha());
    RepoFiles.Entry e = s.files().get(path);
    if (e == null) {
      error(ctx, 404, "EntryNotFound", "Entry not found");
      return;
    }
    ctx.header("ETag", "\"" + e.etag() + "\"");
    ctx.header("Accept-Ranges", "bytes");
    if (e.lfs()) {
      ctx.header("X-Linked-Etag", "\"" + e.sha256() + "\"");
      ctx.header("X-Linked-Size", String.valueOf(e.size()));
      String here = ctx.req().getServerName();
      String storageHost = here.equals("127.0.0.1") ? "localhost" : here.equals("localhost") ? "127.0.0.1" : here;
      ctx.status(302).header("Location", "http://" + storageHost + ":" + ctx.req().getServerPort() + "/storage/" + e.sha256()
          + "?repo=" + id + "&path=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
      ctx.result("Found. Redirecting to storage");
      return;
    }
    sendFile(ctx, e.file(), e.size(), body);
  }

  private void storage(Context ctx, String rawSha, boolean body) throws IOException {
    if (ctx.header("Authorization") != null) {
      ctx.status(400).contentType("application/xml").result("<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed;"
          + " only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified"
          + "</Message></Error>");
      return;
    }
    Path f = repoFiles.blob(rawSha);
    if (f == null || !Files.isRegularFile(f)) {
      ctx.status(404).result("NoSuchKey");
      return;
    }
    ctx.header("ETag", "\"" + rawSha + "\"");
    ctx.header("Accept-Ranges", "bytes");
    sendFile(ctx, f, Files.size(f), body);
  }

  private void sendFile(Context ctx, Path file, long size, boolean body) throws IOException {
    long from = 0;
    long to = size - 1;
    String range = ctx.header("Range");
    if (range != null && range.matches("bytes=\\d+-\\d*")) {
      String[] p = range.substring(6).split("-", -1);
      from = Long.parseLong(p[0]);
      if (!p[1].isEmpty()) {
        to = Math.min(to, Long.parseLong(p[1]));
      }
      if (from >= size) {
        ctx.status(416).header("Content-Range", "bytes */" + size);
        return;
      }
      ctx.status(206).header("Content-Range", "bytes " + from + "-" + to + "/" + size);
    }
    long length = to - from + 1;
    ctx.res().setContentLengthLong(length);
    ctx.contentType("application/octet-stream");
    if (!body) {
      return;
    }
    Object fault = ctx.attribute("fault");
    long limit = fault == Fault.Kind.TRUNCATE ? length / 2 : length;
    OutputStream out = ctx.res().getOutputStream();
    if (fault == null && out instanceof HttpOutput jetty) {
      sendDirect(jetty, file, from, length);
      return;
    }
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(from);
      byte[] buf = new byte[1 << 16];
      long sent = 0;
      while (sent < limit) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, limit - sent));
        if (n <= 0) {
          break;
        }
        if (fault == Fault.Kind.CORRUPT && sent == 0) {
          buf[0] ^= 0x5a;
        }
        out.write(buf, 0, n);
        sent += n;
      }
      out.flush();
    }
    if (fault == Fault.Kind.TRUNCATE) {
      throw new TruncatedBody();
    }
  }

  /**
   * The plain (no fault) body: file channel reads into a direct buffer that Jetty writes to the
   * socket as is, two copies per byte like a native server instead of four through heap arrays.
   * Mirrors serve whole datasets this way, and the download benchmark shares the machine with it.
   */
  private static void sendDirect(HttpOutput out, Path file, long from, long length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(SEND_BUFFER, Math.max(1, length)));
    try (FileChannel ch = FileChannel.open(file)) {
      long pos = from;
      long end = from + length;
      while (pos < end) {
        buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new IOException(file + " shrank while it was being sent");
        }
        out.write(buf.flip());
        pos += n;
      }
    }
    out.flush();
  }

  /** Thrown after a deliberately short body so the server drops the connection. */
  private static final class TruncatedBody extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TruncatedBody() {
      super("truncated on purpose (fault injection)", null, false, false);
    }
  }

  private void error(Context ctx, int status, String code, String message) {
    ctx.status(status);
    if (code != null) {
      ctx.header("X-Error-Code", code);
    }
    ctx.header("X-Error-Message", message);
    ctx.json(Map.of("error", message));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String decodePath(String[] seg, int from) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < seg.length; i++) {
      out.add(decode(seg[i]));
    }
    return String.join("/", out);
  }

  /**
   * Copies the bundled sample Hub folder ({@code openai/gsm8k}: card, main/train, main/test and
   * socratic/test) from the classpath into {@code target} and returns {@code target}.
   */
  public static Path extractSample(Path target) throws IOException {
    try (InputStream index = HubEmulator.class.getResourceAsStream("/samples/hub/index.txt")) {
      if (index == null) {
        throw new IOException("The sample Hub folder is missing from the classpath (samples/hub/index.txt)");
      }
      for (String rel : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (rel.isBlank()) {
          continue;
        }
        Path to = target.resolve(rel.trim());
        Files.createDirectories(to.getParent());
        try (InputStream in = HubEmulator.class.getResourceAsStream("/samples/hub/" + rel.trim())) {
          if (in == null) {
            throw new IOException("Sample file missing from the classpath: " + rel);
          }
          Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return target;
  }
}
