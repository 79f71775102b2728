package io.spear.http.trigger;

import java.util.Locale;
import java.util.Set;

/**
 * Headers that describe one connection, not the message (RFC 9110 section 7.6.1), plus the framing
 * the server recomputes; none is copied from one hop to the next.
 */
public final class HopByHop {

  private static final Set<String> NAMES =
      Set.of(
          "connection",
          "http2-settings",
          "keep-alive",
          "proxy-authenticate",
          "proxy-connection",
          "te",
          "trailer",
          "trailers",
          "transfer-encoding",
          "upgrade",
          "content-length",
          "host");

  private HopByHop() {}

  /** Whether {@code name} (any case) stays on its hop. */
  public static boolean is(String name) {
    return NAMES.contains(name.toLowerCase(Locale.ROOT));
  }
}
