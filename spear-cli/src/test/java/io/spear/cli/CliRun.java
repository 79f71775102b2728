package io.spear.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One run of the {@code spear} command line in this JVM, its output captured.
 *
 * @param exitCode what the command would exit with
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
public record CliRun(int exitCode, String out, String err) {

  /**
   * Runs {@code spear args…} with every subcommand built, as tests expect; what the command writes
   * to {@code System.out} and {@code System.err} (a guest's output, for run and invoke) is captured
   * too.
   */
  public static CliRun of(String... args) {
    synchronized (CliRun.class) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      PrintStream stdout = System.out;
      PrintStream stderr = System.err;
      ByteArrayOutputStream guestOut = new ByteArrayOutputStream();
      ByteArrayOutputStream guestErr = new ByteArrayOutputStream();
      int code;
      try {
        System.setOut(new PrintStream(guestOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(guestErr, true, StandardCharsets.UTF_8));
        CommandLine cli = SpearCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        code = cli.execute(args);
      } finally {
        System.setOut(stdout);
        System.setErr(stderr);
      }
      return new CliRun(
          code,
          guestOut.toString(StandardCharsets.UTF_8) + out,
          guestErr.toString(StandardCharsets.UTF_8) + err);
    }
  }
}
