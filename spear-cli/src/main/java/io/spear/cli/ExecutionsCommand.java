package io.spear.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spear executions}: execution records kept by SMS. */
@Command(
    name = "executions",
    mixinStandardHelpOptions = true,
    description = "Show execution records kept by SMS.",
    subcommands = {ExecutionsCommand.Get.class})
final class ExecutionsCommand {

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one execution.")
  static final class Get implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The execution id.")
    String id;

    @Override
    public Integer call() {
      Output.json(spec.commandLine().getOut(), client.client().getJson("/api/v1/executions/" + id));
      return 0;
    }
  }
}
