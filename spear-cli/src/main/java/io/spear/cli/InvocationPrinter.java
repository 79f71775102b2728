package io.spear.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.client.SmsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Base64;

/** Writes an invocation's answer the way a command-line user expects. */
final class InvocationPrinter {

  private InvocationPrinter() {}

  /**
   * The guest's stdout to {@code out}, its log to {@code err}, and the exit code to exit with: the
   * guest's own, 1 for any other failure.
   */
  static int print(SmsClient.InvocationAnswer answer, PrintStream out, PrintStream err)
      throws IOException {
    JsonNode body = answer.body();
    if (body.hasNonNull("output_base64")) {
      out.write(Base64.getDecoder().decode(body.get("output_base64").asText()));
      out.flush();
    }
    String log = body.path("log").asText("");
    if (!log.isEmpty()) {
      err.print(log);
    }
    if (answer.status() / 100 == 2) {
      return 0;
    }
    err.println(
        "spear: "
            + body.path("status").asText("failed")
            + " ("
            + body.path("error").asText("HTTP " + answer.status())
            + "): "
            + body.path("message").asText(""));
    err.flush();
    return body.hasNonNull("exit_code") && body.get("exit_code").asInt() != 0
        ? body.get("exit_code").asInt()
        : 1;
  }

  /** All of stdin, unless it is an interactive terminal (then nothing). */
  static byte[] stdinUnlessTerminal(InputStream in) throws IOException {
    return System.console() != null ? new byte[0] : in.readAllBytes();
  }
}
