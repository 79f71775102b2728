package io.spear.cli;

import io.spear.client.InvocationAnswer;
import io.spear.model.api.InvocationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/** Writes an invocation's answer the way a command-line user expects. */
final class InvocationPrinter {

  private InvocationPrinter() {}

  /**
   * The guest's stdout to {@code out}, its log to {@code err}, and the exit code to exit with: the
   * guest's own, 1 for any other failure.
   */
  static int print(InvocationAnswer answer, PrintStream out, PrintStream err) throws IOException {
    InvocationResult body = answer.body();
    out.write(body.output());
    out.flush();
    if (!body.log().isEmpty()) {
      err.print(body.log());
    }
    if (answer.ok()) {
      return 0;
    }
    err.println(
        "spear: "
            + (body.status() == null ? "failed" : body.status().wire())
            + " ("
            + (body.error() == null ? "HTTP " + answer.status() : body.error())
            + "): "
            + body.message());
    err.flush();
    return body.exitCode() != null && body.exitCode() != 0 ? body.exitCode() : 1;
  }

  /** All of stdin, unless it is an interactive terminal (then nothing). */
  static byte[] stdinUnlessTerminal(InputStream in) throws IOException {
    return System.console() != null ? new byte[0] : in.readAllBytes();
  }
}
