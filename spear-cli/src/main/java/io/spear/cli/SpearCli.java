package io.spear.cli;

import io.spear.client.ApiCallException;
import io.spear.support.concurrent.Fatal;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** The {@code spear} command: starts the platform and drives its API. */
@Command(
    name = "spear",
    mixinStandardHelpOptions = true,
    version = "spear 0.1.0",
    description = "Spear for the JVM: a serverless platform that runs WebAssembly functions.")
public final class SpearCli {

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On a failure, print the Java stack trace instead of one line.")
  boolean debug;

  // In the order help lists them. Built by reflection on their annotations, which costs a third of
  // a one-shot command's CPU when all are built: main builds only the one it runs.
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
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
          SchedulesCommand.class,
          SecretsCommand.class,
          LogsCommand.class,
          KvCommand.class,
          CompletionCommand.class,
          CommandLine.HelpCommand.class);

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // A server thread dying of OutOfMemoryError must end the process, not leave it half alive.
    Fatal.installUncaughtHandler();
    System.exit(commandLine(args.length == 0 ? "" : args[0]).execute(args));
  }

  /** The configured command line with every subcommand (also used by tests, without exiting). */
  public static CommandLine commandLine() {
    return commandLine("");
  }

  /**
   * The configured command line; when {@code first} names a subcommand other than help and
   * completion (which describe all of them), only that one is built, and none for the version.
   */
  static CommandLine commandLine(String first) {
    CommandLine cli = new CommandLine(new SpearCli());
    for (Class<?> subcommand : subcommandsFor(first)) {
      cli.addSubcommand(subcommand);
    }
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
          if (debugging(parsed)) {
            throw e;
          }
          cmd.getErr().println(ErrorLine.of(e));
          return 1;
        });
    return cli;
  }

  private static List<Class<?>> subcommandsFor(String first) {
    if (first.equals("--version") || first.equals("-V")) {
      return List.of();
    }
    List<Class<?>> only =
        SUBCOMMANDS.stream()
            .filter(c -> !c.equals(CommandLine.HelpCommand.class))
            .filter(c -> !c.equals(CompletionCommand.class))
            .filter(c -> c.getAnnotation(Command.class).name().equals(first))
            .toList();
    return only.isEmpty() ? SUBCOMMANDS : only;
  }

  /** Whether {@code --debug} was given, to the command or any of its subcommands. */
  static boolean debugging(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return System.getenv("SPEAR_DEBUG") != null;
  }
}
