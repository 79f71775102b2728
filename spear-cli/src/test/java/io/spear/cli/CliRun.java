package io.spear.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the {@code spear} command line in this JVM, its output captured.
 *
 * @param exitCode what the command would exit with
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
public record CliRun(int exitCode, String out, String err) {

  /** Runs {@code spear args…} with every subcommand built, as tests expect. */
  public static CliRun of(String... args) {
    CommandLine cli = SpearCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
