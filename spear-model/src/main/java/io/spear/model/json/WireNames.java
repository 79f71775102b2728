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
  // The table is built from getEnumConstants(), whose order is the ordinals': they always agree.
  @SuppressWarnings("EnumOrdinal")
  public static String of(Enum<?> constant) {
    return NAMES.get(constant.getDeclaringClass())[constant.ordinal()];
  }

  // Computed once per enum: records name their states and modes on every write and report.
  private static final ClassValue<String[]> NAMES =
      new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
          Object[] constants = type.getEnumConstants();
          String[] names = new String[constants.length];
          for (int i = 0; i < constants.length; i++) {
            names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
          }
          return names;
        }
      };

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
