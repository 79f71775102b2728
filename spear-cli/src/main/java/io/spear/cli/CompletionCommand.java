package io.spear.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spear completion}: a shell completion script for every command and option. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description =
        "Print a completion script: source <(./spear completion bash), or in zsh"
            + " source <(./spear completion zsh).")
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  String shell;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("spear", spec.root().commandLine());
    switch (shell) {
      case "bash" -> spec.commandLine().getOut().print(script);
      // picocli's script runs in zsh once bash completion is emulated.
      case "zsh" ->
          spec.commandLine()
              .getOut()
              .print(
                  "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                      + script);
      default -> throw new CliException("completion: SHELL must be bash or zsh, not " + shell, 2);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
