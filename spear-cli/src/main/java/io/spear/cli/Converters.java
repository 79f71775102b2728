package io.spear.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Human-friendly option values: {@code 90s}, {@code 500ms}, {@code 2m}; {@code 64MiB}. */
final class Converters {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|kb|mib|mb|gib|gb)?");

  private Converters() {}

  static Duration duration(String value) {
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      try {
        return Duration.parse(value);
      } catch (RuntimeException e) {
        throw new TypeConversionException(
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

  /** Byte sizes: a number of bytes, or with a KiB/MiB/GiB suffix. */
  static final class ByteSize implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a size (examples: 1048576, 512KiB, 64MiB, 1GiB)");
      }
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "b" : m.group(2);
      return switch (unit) {
        case "kib", "kb" -> n * 1024;
        case "mib", "mb" -> n * 1024 * 1024;
        case "gib", "gb" -> n * 1024 * 1024 * 1024;
        default -> n;
      };
    }
  }
}
