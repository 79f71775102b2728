package io.spear.cli;

import io.spear.client.ApiCallException;
import io.spear.support.concurrent.Fatal;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code spear} command: starts the platform and drives its API.
 *
 * <p>The root and {@code run} are declared through picocli's programmatic API ({@link #spec()},
 * {@link RunCommand#spec()}) rather than its annotations: reading an annotation makes the JDK
 * generate a proxy class for its type, a few milliseconds each in a fresh JVM (the first over
 * twenty), which the AOT cache cannot keep; they were a sixth of a one-shot {@code spear run}.
 */
public final class SpearCli {

  private SpearCli() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // A server thread dying of OutOfMemoryError must end the process, not leave it half alive.
    Fatal.installUncaughtHandler();
    System.exit(forArgs(args).execute(args));
  }

  /** The configured command line with every subcommand (also used by tests, without exiting). */
  public static CommandLine commandLine() {
    return forArgs();
  }

  /** The configured command line with the commands {@code args} can reach ({@link CommandTree}). */
  static CommandLine forArgs(String... args) {
    CommandLine cli = new CommandLine(spec());
    CommandTree.addTo(cli, args);
    cli.registerConverter(java.time.Duration.class, Converters::duration);
    cli.setExecutionStrategy(SpearCli::runThenClose);
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

  /** The root command: its name, version, description and the options every command takes. */
  static CommandSpec spec() {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(new SpearCli()).name("spear");
    spec.version("spear 0.1.0");
    spec.usageMessage()
        .description("Spear for the JVM: a serverless platform that runs WebAssembly functions.");
    spec.addOption(
        OptionSpec.builder("--debug")
            .scopeType(ScopeType.INHERIT)
            .description("On a failure, print the Java stack trace instead of one line.")
            .build());
    StandardOptions.addTo(spec);
    return spec;
  }

  // Runs the command as picocli does, then stops the SMS clients it made (ClientOptions.close).
  private static int runThenClose(ParseResult parsed) {
    try {
      return new CommandLine.RunLast().execute(parsed);
    } finally {
      for (CommandLine command : parsed.asCommandLineList()) {
        for (CommandSpec mixin : command.getCommandSpec().mixins().values()) {
          if (mixin.userObject() instanceof ClientOptions client) {
            client.close();
          }
        }
      }
    }
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
