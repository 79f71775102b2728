package io.spear.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spear nodes}: the node agents SMS knows. */
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description = "Show the node agents registered with SMS.",
    subcommands = {NodesCommand.ListNodes.class})
final class NodesCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List nodes.")
  static final class ListNodes implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Output.json(spec.commandLine().getOut(), client.client().listNodes());
      return 0;
    }
  }
}
