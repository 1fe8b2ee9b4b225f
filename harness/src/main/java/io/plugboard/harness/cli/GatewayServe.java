package io.plugboard.harness.cli;

import io.plugboard.datasets.DatasetException;
import io.plugboard.environments.Environment;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.harness.gateway.Gateway;
import io.plugboard.harness.gateway.QaEnvironment;
import io.plugboard.environments.client.RemoteEnvironment;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParameterException;

/** {@code plugboard serve <env> --dataset ...}: serves the gateway until interrupted. */
final class GatewayServe implements Callable<Integer> {
  private final ServeCommand cmd;

  GatewayServe(ServeCommand cmd) {
    this.cmd = cmd;
  }

  @Override
  public Integer call() throws Exception {
    GatewayOptions g = cmd.gateway;
    Environment.Factory inner;
    String name;
    if (cmd.env.contains("://")) {
      try {
        inner = RemoteEnvironment.factory(OpenEnvClient.newBuilder(cmd.env).build(), "RemoteEnvironment");
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cmd.spec.commandLine(), "--env " + cmd.env + ": " + e.getMessage());
      }
      name = "remote";
    } else if (cmd.env.equals("qa")) {
      inner = QaEnvironment.factory(g.template);
      name = "qa";
    } else {
      inner = ServeCommand.registry().factory(cmd.env).orElseThrow(() -> new ParameterException(cmd.spec.commandLine(),
          "Unknown environment '" + cmd.env + "'. Known: " + String.join(", ", ServeCommand.registry().names())
              + ", or a ws:// URL"));
      name = cmd.env;
    }
    String h = cmd.host != null ? cmd.host : cmd.environment.getOrDefault("HOST", "0.0.0.0");
    int p = cmd.port != null ? cmd.port : cmd.intEnv("PORT", 8000);
    int max = cmd.maxSessions != null ? cmd.maxSessions : cmd.intEnv("MAX_CONCURRENT_ENVS", 64);
    PrintWriter out = cmd.spec.commandLine().getOut();
    java.time.Duration grace = cmd.drainGrace();
    Gateway gw;
    g.allowedHosts = cmd.mcpAllowedHosts();
    try {
      gw = g.start(io.plugboard.datasets.HfDatasets.create(io.plugboard.datasets.hub.HubSettings.fromEnvironment(cmd.environment)),
          name, inner, h, p, max);
    } catch (IllegalArgumentException | DatasetException e) {
      cmd.spec.commandLine().getErr().println("plugboard serve: " + e.getMessage());
      cmd.spec.commandLine().getErr().flush();
      return 2;
    }
    out.printf("Serving gateway %s over %s on http://%s:%d (run %s, max sessions %d)%n", name, g.dataset, h, gw.port(),
        gw.runId(), max);
    out.flush();
    return cmd.serveUntilStopped(gw::drain, gw::close, grace);
  }
}
