package io.spear.sms.id;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Ids of stored things: random UUIDs, accepted only in their canonical lower-case form. */
public final class Ids {

  private static final Pattern CANONICAL =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private Ids() {}

  /**
   * An id chosen by a client (execution and invocation ids may be): letters, digits, {@code .},
   * {@code _} and {@code -}, at most 128 characters; anything else is empty.
   */
  public static Optional<String> token(String raw) {
    return raw != null && TOKEN.matcher(raw).matches() && !raw.startsWith(".")
        ? Optional.of(raw)
        : Optional.empty();
  }

  /** A fresh random id. */
  public static String next() {
    return UUID.randomUUID().toString();
  }

  /**
   * The canonical form of a client-supplied id, or empty when it is not a UUID; anything else
   * (paths, {@code ../etc/passwd}) never reaches a store.
   */
  public static Optional<String> canonical(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    return CANONICAL.matcher(lower).matches() ? Optional.of(lower) : Optional.empty();
  }
}
