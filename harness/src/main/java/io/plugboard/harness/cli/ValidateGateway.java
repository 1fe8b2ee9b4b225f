package io.plugboard.harness.cli;

import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.environments.Environment;
import io.plugboard.harness.gateway.Gateway;
import io.plugboard.harness.gateway.HiddenColumns;
import io.plugboard.harness.gateway.HubTaskSource;
import io.plugboard.harness.gateway.RewardPipeline;
import io.plugboard.harness.gateway.TaskSampler;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.endpoint.RewardEndpointClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The gateway-definition target of {@code plugboard validate}: {@code validate qa --dataset REF
 * [--config C] [--split S] [--reward NAME]} starts the same gateway {@code plugboard serve qa
 * --dataset REF ...} would serve (built-in environment + Hub dataset + reward), in-process on a
 * loopback port, keeping no run record, so the validators can check it over the wire. Used from
 * the command's thread only.
 */
final class ValidateGateway {
  private ValidateGateway() {}

  /** True when {@code target} names an environment the gateway can wrap (qa or a built-in). */
  static boolean isGatewayEnvironment(String target) {
    return ServeCommand.registry().factory(target).isPresent();
  }

  /**
   * Starts the gateway and returns its base URL, adding it to {@code started}.
   *
   * @throws IllegalArgumentException when the reward or dataset cannot be used (exit 2)
   */
  static URI start(String target, String dataset, String config, String split, List<String> hide, String reward,
      String store, HfDatasets hf, List<AutoCloseable> started, PrintWriter err) throws IOException {
    Environment.Factory inner = ServeCommand.registry().factory(target).orElseThrow();
    List<RewardPipeline.Entry> rewards = reward == null ? List.of()
        : List.of(new RewardPipeline.Entry(reward, rewardFunction(reward, store, err), 1.0));
    HubTaskSource source;
    try {
      source = HubTaskSource.open(hf, DatasetRef.parse(dataset), config, split);
    } catch (io.plugboard.datasets.DatasetException e) {
      throw new IllegalArgumentException("gateway dataset " + dataset + ": " + e.getMessage(), e);
    }
    Gateway gw = Gateway.start(new Gateway.Options(source,
        HiddenColumns.of(source.declaredHidden(), hide == null ? List.of() : hide),
        new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1),
        RewardPipeline.of(rewards, Duration.ofSeconds(30)), inner, target, false, null, null, 32), "127.0.0.1", 0);
    started.add(gw);
    err.println("validate: started gateway '" + target + "' over " + dataset
        + (reward == null ? " (no reward: episodes are unscored)" : " with reward '" + reward + "'")
        + " on http://127.0.0.1:" + gw.port());
    return URI.create("http://127.0.0.1:" + gw.port());
  }

  /** A registered endpoint of that name (plugboard-reward/1), else the built-in; URLs are refused. */
  private static RewardFunction rewardFunction(String reward, String store, PrintWriter err) {
    String lower = reward.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      throw new IllegalArgumentException("the gateway scores with a named reward: give --reward a built-in "
          + BuiltinRewards.names() + " or a name registered with 'plugboard rewards add', not a URL");
    }
    var registered = ValidateCommand.registered(reward, store, err);
    if (registered != null) return RewardEndpointClient.builder(registered).build();
    if (!BuiltinRewards.names().contains(reward)) {
      throw new IllegalArgumentException("unrecognized reward '" + reward + "': expected a name registered with "
          + "'plugboard rewards add' or a built-in reward " + BuiltinRewards.names());
    }
    return BuiltinRewards.create(reward);
  }
}
