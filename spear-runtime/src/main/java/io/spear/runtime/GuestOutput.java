package io.spear.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a guest wrote: stdout is the output; stderr and {@code spear.log} lines form the log. Both
 * are capped by the node config; bytes past the cap are dropped and the flag set.
 *
 * <p>The arrays are not copied; callers must not change them.
 *
 * @param stdout the output bytes
 * @param stdoutTruncated whether output past the cap was dropped
 * @param log the execution log bytes
 * @param logTruncated whether log past the cap was dropped
 */
public record GuestOutput(
    byte[] stdout, boolean stdoutTruncated, byte[] log, boolean logTruncated) {

  /** Nothing written. */
  public static final GuestOutput EMPTY = new GuestOutput(new byte[0], false, new byte[0], false);

  /** Checks the arrays are present. */
  public GuestOutput {
    Objects.requireNonNull(stdout, "stdout must not be null");
    Objects.requireNonNull(log, "log must not be null");
  }

  /** The output as UTF-8 text. */
  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /** The log as UTF-8 text. */
  public String logText() {
    return new String(log, StandardCharsets.UTF_8);
  }

  // Arrays compare by content, unlike the record defaults.
  @Override
  public boolean equals(Object o) {
    return o instanceof GuestOutput other
        && stdoutTruncated == other.stdoutTruncated
        && logTruncated == other.logTruncated
        && Arrays.equals(stdout, other.stdout)
        && Arrays.equals(log, other.log);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(stdout), stdoutTruncated, Arrays.hashCode(log), logTruncated);
  }

  @Override
  public String toString() {
    return "GuestOutput[stdout="
        + stdout.length
        + " bytes"
        + (stdoutTruncated ? " (truncated)" : "")
        + ", log="
        + log.length
        + " bytes"
        + (logTruncated ? " (truncated)" : "")
        + "]";
  }
}
