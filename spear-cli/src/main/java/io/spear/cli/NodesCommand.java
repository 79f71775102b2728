package io.spear.cli;

import io.spear.model.api.NodeHealth;
import io.spear.model.api.NodeInfo;
import io.spear.model.api.NodeList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spear nodes}: the node agents SMS knows. */
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description = "Show the node agents registered with SMS.")
final class NodesCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List nodes.")
  static final class ListNodes implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Mixin ListOutput output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      NodeList nodes = client.client().listNodes();
      output.print(
          spec.commandLine().getOut(),
          nodes,
          nodes.nodes(),
          new ListOutput.Column<NodeInfo>("UUID", NodeInfo::uuid),
          new ListOutput.Column<NodeInfo>("ADDRESS", n -> n.ipAddress() + ":" + n.httpPort()),
          new ListOutput.Column<NodeInfo>("STATUS", NodeInfo::status),
          new ListOutput.Column<NodeInfo>(
              "IN_FLIGHT", n -> n.healthInfo().get(NodeHealth.IN_FLIGHT)));
      return 0;
    }
  }
}
