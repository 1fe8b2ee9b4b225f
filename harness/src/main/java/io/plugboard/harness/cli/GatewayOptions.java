package io.plugboard.harness.cli;

import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.environments.Environment;
import io.plugboard.harness.gateway.Gateway;
import io.plugboard.harness.gateway.HiddenColumns;
import io.plugboard.harness.gateway.HubTaskSource;
import io.plugboard.harness.gateway.RewardPipeline;
import io.plugboard.harness.gateway.TaskSampler;
import io.plugboard.harness.store.RunStore;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.endpoint.EndpointRegistration;
import io.plugboard.rewards.endpoint.RewardEndpointClient;
import io.plugboard.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The gateway options of {@code plugboard serve}: with {@code --dataset}, the served environment
 * becomes a gateway that binds one dataset row per episode and scores it.
 */
final class GatewayOptions {
  @Option(names = "--dataset", paramLabel = "<ref>",
      description = "Serve as a gateway over this Hub dataset: hf://datasets/<org>/<name>[/<env-id>][@<rev>] (HF_ENDPOINT, HF_TOKEN apply).")
  String dataset;

  @Option(names = "--config", description = "Dataset config (default: environment.yaml's, else the dataset's default).")
  String config;

  @Option(names = "--split", description = "Serve only this split, a name or an expression like test[:100] (default: every split of the config).")
  String split;

  @Option(names = "--reward", paramLabel = "<name>[=weight]",
      description = "Score episodes with a registered reward endpoint (plugboard rewards add) or a built-in ("
          + "exact, math, choice, regex, format, f1, json-schema). Repeat to combine as a weighted sum.")
  List<String> rewards = new ArrayList<>();

  @Option(names = "--hide", split = ",", paramLabel = "<column>",
      description = "More columns to hide from the agent (besides environment.yaml's and the defaults: "
          + "answer, answers, solution, solutions, label, labels, target, targets, tests, test_cases, ground_truth, reference, references).")
  List<String> hide = new ArrayList<>();

  @Option(names = "--sampler", defaultValue = "sequential", description = "Row order when a reset names no task: sequential or shuffle (default: ${DEFAULT-VALUE}).")
  String sampler;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the shuffle sampler (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--shard", paramLabel = "i/n", description = "Serve only rows whose index is i mod n.")
  String shard;

  @Option(names = "--template", description = "qa prompt template with {column} placeholders (default: the question-like column).")
  String template;

  @Option(names = "--score-each-step", description = "Score every step, not only the end of the episode.")
  boolean scoreEachStep;

  @Option(names = "--reward-deadline", defaultValue = "30", paramLabel = "SECONDS", description = "Per-episode scoring deadline (default: ${DEFAULT-VALUE}).")
  double rewardDeadline;

  @Option(names = "--store", paramLabel = StoreOption.LABEL, description = StoreOption.HELP)
  String store;

  @Option(names = "--run", description = "Name of the gateway run in the store (default: gateway-<time>).")
  String run;

  boolean enabled() {
    return dataset != null;
  }

  /** Names {@code /mcp} accepts in Host/Origin besides loopback; set by {@code serve} from --allowed-host and MCP_ALLOWED_HOSTS. */
  java.util.List<String> allowedHosts = java.util.List.of();

  /** Opens the dataset, rewards and store and starts the gateway around {@code inner}. */
  Gateway start(String envName, Environment.Factory inner, String host, int port, int maxSessions) throws IOException {
    return start(HfDatasets.fromEnvironment(), envName, inner, host, port, maxSessions);
  }

  /** Like {@link #start(String, Environment.Factory, String, int, int)} with an explicit Hub client. */
  Gateway start(HfDatasets hf, String envName, Environment.Factory inner, String host, int port, int maxSessions)
      throws IOException {
    TaskSampler.Order order = switch (sampler) {
      case "sequential" -> TaskSampler.Order.SEQUENTIAL;
      case "shuffle" -> TaskSampler.Order.SHUFFLE;
      default -> throw new IllegalArgumentException("--sampler must be sequential or shuffle, got '" + sampler + "'");
    };
    int[] sh = shard == null ? new int[] {0, 1} : TaskSampler.parseShard(shard);
    TaskSampler taskSampler = new TaskSampler(order, seed, sh[0], sh[1]);
    StoreLocation storeAt = StoreOption.location(store);
    RewardPipeline pipeline = RewardPipeline.of(resolveRewards(storeAt), Duration.ofMillis((long) (rewardDeadline * 1000)));
    HubTaskSource source = HubTaskSource.open(hf, DatasetRef.parse(dataset), config, split);
    RunStore runs = RunStore.open(storeAt);
    return Gateway.start(new Gateway.Options(source, HiddenColumns.of(source.declaredHidden(), hide), taskSampler,
        pipeline, inner, envName, scoreEachStep, runs, run, maxSessions), host, port, allowedHosts);
  }

  List<RewardPipeline.Entry> resolveRewards(StoreLocation storeAt) throws IOException {
    List<RewardPipeline.Entry> out = new ArrayList<>();
    for (String spec : rewards) {
      String name = spec;
      double weight = 1.0 / rewards.size();
      int eq = spec.indexOf('=');
      if (eq > 0) {
        name = spec.substring(0, eq);
        try {
          weight = Double.parseDouble(spec.substring(eq + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--reward " + spec + ": weight is not a number");
        }
      }
      out.add(new RewardPipeline.Entry(name, resolve(name, storeAt), weight));
    }
    return out;
  }

  /** A registered endpoint of that name, else the built-in. */
  static RewardFunction resolve(String name, StoreLocation storeAt) throws IOException {
    Optional<EndpointRegistration> reg = StoreOption.registration(storeAt, name);
    if (reg.isPresent()) return RewardEndpointClient.builder(reg.get()).build();
    try {
      return BuiltinRewards.create(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--reward " + name + ": no endpoint of that name is registered in " + storeAt
          + " and " + e.getMessage());
    }
  }
}
