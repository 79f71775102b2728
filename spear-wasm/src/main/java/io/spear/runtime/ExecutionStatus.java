package io.spear.runtime;

import java.util.Locale;

/** How an execution ended; the names are SPEAR's. */
public enum ExecutionStatus {
  COMPLETED,
  FAILED,
  TIMEOUT,
  CANCELLED;

  /** The lower-case name used on the wire, e.g. {@code completed}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
