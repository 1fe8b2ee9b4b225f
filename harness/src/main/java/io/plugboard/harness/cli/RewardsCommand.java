package io.plugboard.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.RewardInfo;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.endpoint.Dialect;
import io.plugboard.rewards.endpoint.EndpointRegistration;
import io.plugboard.rewards.endpoint.RewardEndpointClient;
import io.plugboard.rewards.registry.RewardRegistry;
import io.plugboard.store.Store;
import io.plugboard.rewards.server.RewardServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plugboard rewards}: register, list, remove and probe external reward endpoints, and
 * serve a built-in reward as an endpoint. Registrations live in the store
 * ({@code --store}, {@code PLUGBOARD_STORE}, default {@code ~/.plugboard/plugboard.db}).
 */
@Command(name = "rewards", mixinStandardHelpOptions = true,
    description = "Manage external reward endpoints and serve built-in rewards.",
    subcommands = {RewardsCommand.Add.class, RewardsCommand.ListCmd.class, RewardsCommand.Remove.class,
        RewardsCommand.Probe.class, RewardsCommand.Serve.class})
final class RewardsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand; see 'plugboard rewards --help'.");
  }

  static final ObjectMapper JSON = new ObjectMapper();

  /** A subcommand on the reward registry in the {@code --store}. */
  abstract static class RegistryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--store", paramLabel = StoreOption.LABEL, description = StoreOption.HELP)
    String store;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    @Override
    public Integer call() {
      try (Store s = Store.open(StoreOption.location(store))) {
        return run(RewardRegistry.open(s));
      } catch (IllegalArgumentException e) {
        err().println("error: " + e.getMessage());
        return 2;
      } catch (Exception e) {
        err().println("internal error: " + e);
        return 3;
      }
    }

    abstract int run(RewardRegistry registry) throws Exception;
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Register a reward endpoint.", "The same registration again is a no-op; another one under a taken name is an error."})
  static final class Add extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Registration name (lower case, digits, . _ -).") String name;
    @Option(names = "--url", required = true, description = "Base URL of the endpoint.") String url;
    @Option(names = "--dialect", defaultValue = "plugboard", description = "plugboard, slime, nemo-gym or openrlhf (default: ${DEFAULT-VALUE}).") String dialect;
    @Option(names = "--token-env", paramLabel = "VAR", description = "Environment variable holding the bearer token (the name, not the token).") String tokenEnv;
    @Option(names = "--secret-env", paramLabel = "VAR", description = "Environment variable holding the HMAC signing secret (the name).") String secretEnv;
    @Option(names = "--timeout", defaultValue = "10s", description = "Per-call timeout, e.g. 500ms, 10s, 1m; a bare number is seconds (default: ${DEFAULT-VALUE}).") String timeout;
    @Option(names = "--retries", defaultValue = "2", description = "Retry budget (default: ${DEFAULT-VALUE}).") int retries;
    @Option(names = "--max-batch", defaultValue = "64", description = "Most requests per call (default: ${DEFAULT-VALUE}).") int maxBatch;
    @Option(names = "--map", paramLabel = "FIELD=COLUMN", description = "Dialect field from task column, e.g. label=answer (repeatable).") Map<String, String> map = new LinkedHashMap<>();

    @Override
    int run(RewardRegistry registry) throws Exception {
      var reg = new EndpointRegistration(name, url, Dialect.fromWire(dialect), tokenEnv, secretEnv, parseDuration(timeout), retries, maxBatch, map);
      if (registry.get(name).filter(reg::equals).isPresent()) {
        // the same registration again (a replica's init container, a re-run set-up) is a no-op
        out().println("already registered " + reg.name() + " -> " + reg.url() + " (" + reg.dialect().wireName() + ")");
        return 0;
      }
      registry.add(reg);
      out().println("registered " + reg.name() + " -> " + reg.url() + " (" + reg.dialect().wireName() + ")");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered reward endpoints.")
  static final class ListCmd extends RegistryCommand {
    @Option(names = "--json", description = "Print JSON.") boolean json;

    @Override
    int run(RewardRegistry registry) throws Exception {
      var all = registry.list();
      if (json) {
        ArrayNode arr = JSON.createArrayNode();
        for (var r : all) {
          var n = arr.addObject().put("name", r.name()).put("url", r.url()).put("dialect", r.dialect().wireName())
              .put("token_env", r.tokenEnv()).put("secret_env", r.secretEnv()).put("timeout_ms", r.timeout().toMillis())
              .put("retries", r.retries()).put("max_batch", r.maxBatch());
          n.set("field_map", JSON.valueToTree(r.fieldMap()));
        }
        out().println(arr.toPrettyString());
      } else if (all.isEmpty()) {
        out().println("no reward endpoints registered");
      } else {
        out().printf("%-20s %-10s %-40s %s%n", "NAME", "DIALECT", "URL", "CREDENTIALS");
        for (var r : all)
          out().printf("%-20s %-10s %-40s %s%n", r.name(), r.dialect().wireName(), r.url(),
              (r.tokenEnv() == null ? "" : "token:$" + r.tokenEnv() + " ") + (r.secretEnv() == null ? "" : "secret:$" + r.secretEnv()));
      }
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a registered reward endpoint.")
  static final class Remove extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    int run(RewardRegistry registry) throws Exception {
      if (!registry.remove(name)) {
        err().println("error: no reward endpoint named '" + name + "'");
        return 2;
      }
      out().println("removed " + name);
      return 0;
    }
  }

  @Command(name = "probe", mixinStandardHelpOptions = true,
      description = "Call /health, /info and one sample /score of a registered endpoint and print what it found.")
  static final class Probe extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    int run(RewardRegistry registry) throws Exception {
      Optional<EndpointRegistration> found = registry.get(name);
      if (found.isEmpty()) {
        err().println("error: no reward endpoint named '" + name + "'");
        return 2;
      }
      EndpointRegistration reg = found.get().withBudget(found.get().timeout(), 0, found.get().maxBatch());
      try (var client = RewardEndpointClient.builder(reg).linger(Duration.ZERO).episodeDeadline(reg.timeout().plusSeconds(1)).build()) {
        out().println("endpoint " + reg.name() + " at " + reg.url() + " (" + reg.dialect().wireName() + ")");
        if (reg.dialect() == Dialect.PLUGBOARD) {
          try {
            out().println("health: " + client.health());
          } catch (Exception e) {
            out().println("health: unreachable: " + e.getMessage());
          }
          try {
            RewardInfo i = client.fetchInfo();
            out().printf("info: name=%s version=%s range=[%s, %s] max_batch=%d llm_judged=%s components=%s%n", i.name(), i.version(),
                i.rangeMin(), i.rangeMax(), i.maxBatch(), i.llmJudged(), i.components());
          } catch (Exception e) {
            out().println("info: unavailable: " + e.getMessage());
          }
        } else {
          out().println("health/info: not part of the " + reg.dialect().wireName() + " dialect; skipped");
        }
        var task = JSON.createObjectNode().put("question", "What is 2 + 3?").put("answer", "2 + 3 = 5\n#### 5")
            .put("prompt", "What is 2 + 3?").put("label", "5");
        Score s = client.score(ScoreRequest.of("plugboard-probe-1", task, "2 + 3 = 5. The answer is 5."));
        out().println("sample score: " + s);
        out().println("outcomes: " + client.counts());
        return s.isOk() ? 0 : 1;
      }
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve a built-in reward as a Plugboard reward endpoint.")
  static final class Serve implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "BUILTIN", description = "One of: exact, math, choice, regex, format, f1, json-schema.") String builtin;
    @Option(names = "--port", defaultValue = "9000", description = "Port (0 = any free port; default: ${DEFAULT-VALUE}).") int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface (default: ${DEFAULT-VALUE}).") String host;
    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Reward parameter, e.g. answer_column=answer (repeatable).") Map<String, String> params = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      RewardFunction f;
      try {
        f = BuiltinRewards.create(builtin, params);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 2;
      }
      Thread hook = new Thread(this::stop);
      Runtime.getRuntime().addShutdownHook(hook);
      try (RewardServer server = RewardServer.create(f, c -> {
        c.host = host;
        c.port = port;
      }).start()) {
        spec.commandLine().getOut().println("serving reward '" + builtin + "' at " + server.url() + " (/health, /info, /score); Ctrl-C to stop");
        spec.commandLine().getOut().flush();
        stopped.await();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // already in shutdown: the hook is what stopped us
        }
      }
      return 0;
    }

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Stops serving (Ctrl-C does this through a shutdown hook). */
    void stop() {
      stopped.countDown();
    }
  }

  static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      if (t.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      // A bare number is seconds, as in every other Plugboard option that takes a time.
      return Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("timeout '" + s + "' is not a duration like 500ms, 10s or 1m");
    }
  }
}
