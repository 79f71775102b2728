package io.spear.model.json;

import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for how our enums appear on the wire: the constant's name in lower case, read back
 * ignoring case (and surrounding blanks).
 */
public final class WireNames {

  private WireNames() {}

  /** The wire name of a constant. */
  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** The constant of {@code type} with that wire name, if any. */
  public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
    if (value == null) {
      return Optional.empty();
    }
    String wanted = value.trim();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(wanted)) {
        return Optional.of(constant);
      }
    }
    return Optional.empty();
  }
}
