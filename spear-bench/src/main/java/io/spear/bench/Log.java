package io.spear.bench;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Progress lines of a run, on the console. */
final class Log {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintStream out;

  Log(PrintStream out) {
    this.out = out;
  }

  void line(String format, Object... args) {
    out.println(
        "[bench "
            + LocalTime.now(ZoneId.systemDefault()).format(TIME)
            + "] "
            + String.format(format, args));
    out.flush();
  }
}
