package io.spear.cli;

import io.spear.client.ApiCallException;
import io.spear.model.concurrent.Fatal;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spear} command: starts the platform and drives its API. */
@Command(
    name = "spear",
    mixinStandardHelpOptions = true,
    version = "spear 0.1.0",
    description = "Spear for the JVM: a serverless platform that runs WebAssembly functions.",
    subcommands = {
      UpCommand.class,
      RunCommand.class,
      DeployCommand.class,
      NewCommand.class,
      SmsCommand.class,
      SpearletCommand.class,
      FilesCommand.class,
      TasksCommand.class,
      InvokeCommand.class,
      ExecutionsCommand.class,
      NodesCommand.class,
      LogsCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SpearCli {

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // A server thread dying of OutOfMemoryError must end the process, not leave it half alive.
    Fatal.installUncaughtHandler();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests, without exiting). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SpearCli());
    cli.registerConverter(java.time.Duration.class, Converters::duration);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof ApiCallException api) {
            cmd.getErr().println(ErrorLine.of(api));
            return 1;
          }
          if (e instanceof CliException cli2) {
            cmd.getErr().println("error: " + cli2.getMessage());
            return cli2.exitCode();
          }
          throw e;
        });
    return cli;
  }
}
