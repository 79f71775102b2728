package io.spear.runtime.host;

import io.spear.runtime.host.fd.FdTable;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * What the families of one execution share: its descriptors, log, time and task settings. It lives
 * as long as the execution; resources registered with {@link #onClose} end with it.
 */
public interface ExecutionScope {

  /** The execution's id. */
  String executionId();

  /** The task's config map (keys such as {@code mcp.enabled}). */
  Map<String, String> taskConfig();

  /** The time the guest sees. */
  Clock clock();

  /** The randomness the guest sees; safe for use from several threads. */
  Random random();

  /** A monotonic time in nanoseconds, for timeouts and rates. */
  long nanoTime();

  /** When the execution's time runs out, in system time, for the timeouts of outside calls. */
  Instant deadline();

  /** The descriptors of the execution, one number space for every family. */
  FdTable fds();

  /** Appends text to the execution log, as it is (a line ends with {@code \n}). */
  void log(String text);

  /** Closes {@code resource} when the execution ends (in the reverse order of registration). */
  void onClose(AutoCloseable resource);
}
