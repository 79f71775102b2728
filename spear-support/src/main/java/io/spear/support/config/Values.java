package io.spear.support.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human-friendly configuration values: durations ({@code 90s}) and sizes ({@code 64MiB}). */
public final class Values {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|kb|mib|mb|gib|gb)?");

  private Values() {}

  /**
   * A duration: a number with {@code ms}, {@code s} (the default unit), {@code m} or {@code h}, or
   * ISO-8601 ({@code PT1M}).
   *
   * @throws IllegalArgumentException when the text is neither
   */
  public static Duration duration(String value) {
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      try {
        return Duration.parse(value.trim());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "'" + value + "' is not a duration (examples: 500ms, 90s, 2m, PT1M)");
      }
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /**
   * A duration as people write it: {@code 250 ms}, {@code 1 s}, {@code 1.5 s}, {@code 2 min},
   * {@code 1 h 30 min} (never ISO-8601's {@code PT1S}).
   */
  public static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return ms % 1000 == 0
          ? ms / 1000 + " s"
          : java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + " s";
    }
    long s = d.toSeconds();
    if (s < 3600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    long min = s / 60;
    return min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
  }

  /**
   * A size in bytes: a number, optionally with {@code KiB}, {@code MiB} or {@code GiB}.
   *
   * @throws IllegalArgumentException when the text is not a size
   */
  public static long bytes(String value) {
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a size (examples: 1048576, 512KiB, 64MiB, 1GiB)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    return switch (unit) {
      case "kib", "kb" -> Math.multiplyExact(n, 1024L);
      case "mib", "mb" -> Math.multiplyExact(n, 1024L * 1024);
      case "gib", "gb" -> Math.multiplyExact(n, 1024L * 1024 * 1024);
      default -> n;
    };
  }
}
