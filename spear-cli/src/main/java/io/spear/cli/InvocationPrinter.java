package io.spear.cli;

import io.spear.client.InvocationAnswer;
import io.spear.model.api.InvocationResult;
import io.spear.model.execution.ExecutionState;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/** Writes an invocation's answer the way a command-line user expects. */
final class InvocationPrinter {

  /** The exit code of a run stopped at its time limit, as timeout(1) uses. */
  static final int TIMEOUT_EXIT = 124;

  /** The exit code of a cancelled run, as for an interrupted command. */
  static final int CANCELLED_EXIT = 130;

  private InvocationPrinter() {}

  /**
   * The guest's stdout to {@code out}, its log to {@code err}, and the exit code to exit with: the
   * guest's own, 124 for a timeout, 130 when cancelled, 1 for any other failure. A failure names
   * its execution on stderr; a success does so when {@code showId} (an interactive terminal).
   */
  static int print(InvocationAnswer answer, PrintStream out, PrintStream err, boolean showId)
      throws IOException {
    InvocationResult body = answer.body();
    out.write(body.output());
    out.flush();
    if (!body.log().isEmpty()) {
      err.print(body.log());
    }
    String id = body.executionId();
    if (answer.ok()) {
      if (showId && id != null) {
        err.println("spear: execution " + id + " (spear logs " + id + ")");
        err.flush();
      }
      return 0;
    }
    err.println(
        "spear: "
            + (body.status() == null ? "failed" : body.status().wire())
            + " ("
            + (body.error() == null ? "HTTP " + answer.status() : body.error())
            + "): "
            + body.message()
            + (id == null ? "" : " — execution " + id + ": spear logs " + id));
    err.flush();
    return exitCode(body);
  }

  private static int exitCode(InvocationResult body) {
    if (body.status() == ExecutionState.TIMEOUT) {
      return TIMEOUT_EXIT;
    }
    if (body.status() == ExecutionState.CANCELLED) {
      return CANCELLED_EXIT;
    }
    return body.exitCode() != null && body.exitCode() != 0 ? body.exitCode() : 1;
  }

  /** Whether this command's stderr is an interactive terminal (where an id is worth a line). */
  static boolean interactive() {
    java.io.Console console = System.console();
    return console != null && console.isTerminal();
  }

  /** All of stdin, unless it is an interactive terminal (then nothing). */
  static byte[] stdinUnlessTerminal(InputStream in) throws IOException {
    return System.console() != null ? new byte[0] : in.readAllBytes();
  }
}
