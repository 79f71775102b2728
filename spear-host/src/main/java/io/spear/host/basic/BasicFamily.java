package io.spear.host.basic;

import static io.spear.runtime.host.HostCall.Type.I32;
import static io.spear.runtime.host.HostCall.Type.I64;
import static io.spear.runtime.host.HostCall.Type.IN_PTR;
import static io.spear.runtime.host.HostCall.param;

import io.spear.runtime.host.Errno;
import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.ExecutionStopped;
import io.spear.runtime.host.Guest;
import io.spear.runtime.host.GuestAbi;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostFamily;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The basic calls of SPEAR's {@code spear} import module: {@code time_now_ms}, {@code wall_time_s},
 * {@code random_i64}, {@code sleep_ms} and {@code log}, on the execution's clock, randomness and
 * log.
 *
 * <p>Error returns are negative errno values as in SPEAR: {@code -22} (EINVAL) for a log length
 * below 0 or above 16 KiB, {@code -14} (EFAULT) for a pointer outside the guest's memory.
 */
public final class BasicFamily implements HostFamily<ExecutionScope> {

  /** The longest message one {@code log} call accepts. */
  public static final int LOG_MAX_BYTES = 16 * 1024;

  private static final String[] LEVELS = {"trace", "debug", "info", "warn", "error"};

  private static final List<HostCall<ExecutionScope>> CALLS =
      List.of(
          HostCall.of(
              "time_now_ms",
              I64,
              "Milliseconds since the Unix epoch.",
              (scope, guest, args) -> scope.clock().millis()),
          HostCall.of(
              "wall_time_s",
              I64,
              "Seconds since the Unix epoch.",
              (scope, guest, args) -> scope.clock().instant().getEpochSecond()),
          HostCall.of(
              "random_i64",
              I64,
              "A random 64-bit value from the host.",
              (scope, guest, args) -> scope.random().nextLong()),
          HostCall.of(
              "sleep_ms",
              null,
              "Sleeps; cancellation ends the guest.",
              (scope, guest, args) -> sleep((int) args[0]),
              param("ms", I32)),
          HostCall.of(
              "log",
              I32,
              "Appends one line to the execution log: 0 or -errno.",
              BasicFamily::log,
              param("level", I32),
              param("msg", IN_PTR),
              param("len", I32)));

  @Override
  public String name() {
    return "core";
  }

  @Override
  public List<HostCall<ExecutionScope>> calls() {
    return CALLS;
  }

  @Override
  public List<GuestAbi.Constant> constants() {
    List<GuestAbi.Constant> constants = new ArrayList<>();
    for (int i = 0; i < LEVELS.length; i++) {
      String level = LEVELS[i].toUpperCase(Locale.ROOT);
      constants.add(GuestAbi.constant("log", "LOG_" + level, i, "Log level " + LEVELS[i] + "."));
    }
    constants.add(GuestAbi.constant("log", "LOG_MAX_BYTES", LOG_MAX_BYTES, "Longest log message."));
    return constants;
  }

  @Override
  public ExecutionScope open(ExecutionScope scope) {
    return scope;
  }

  private static long sleep(int millis) {
    if (millis <= 0) {
      return 0;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new ExecutionStopped("sleep_ms interrupted", e);
    }
    return 0;
  }

  private static long log(ExecutionScope scope, Guest guest, long[] args) {
    int level = (int) args[0];
    int ptr = (int) args[1];
    int len = (int) args[2];
    if (len < 0 || len > LOG_MAX_BYTES) {
      return -Errno.EINVAL;
    }
    String message = new String(guest.memory().read(ptr, len), StandardCharsets.UTF_8);
    String name = level >= 0 && level < LEVELS.length ? LEVELS[level] : "info";
    scope.log("[" + name + "] " + message + (message.endsWith("\n") ? "" : "\n"));
    return 0;
  }
}
