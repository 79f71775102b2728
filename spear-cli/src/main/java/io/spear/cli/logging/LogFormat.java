package io.spear.cli.logging;

import java.util.Locale;

/** How log lines are written. */
public enum LogFormat {
  /** One human-readable line per event: time, level, logger, message. */
  TEXT,
  /** One JSON object per line (Logback's JsonEncoder), for log collectors. */
  JSON;

  /** The format a user named ({@code text} or {@code json}, any case). */
  public static LogFormat of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("log format must be text or json, not '" + name + "'");
    }
  }
}
