package io.spear.http.trigger;

import java.util.List;
import java.util.Locale;

/**
 * The headers with which SMS tells a node about the client of a trigger request it forwards. A node
 * believes them only from SMS (or with tokens off, where anyone may act as SMS); SMS removes any a
 * client sent.
 */
public final class Forwarded {

  /** The client's address. */
  public static final String REMOTE_ADDR = "X-Spear-Forwarded-For";

  /** The {@code Host} the client addressed. */
  public static final String HOST = "X-Spear-Forwarded-Host";

  /** The client's protocol, e.g. {@code HTTP/1.1}. */
  public static final String PROTOCOL = "X-Spear-Forwarded-Protocol";

  /** The client's {@code Authorization}, sent only for a task that passes credentials on. */
  public static final String AUTHORIZATION = "X-Spear-Forwarded-Authorization";

  /** All of them. */
  public static final List<String> ALL = List.of(REMOTE_ADDR, HOST, PROTOCOL, AUTHORIZATION);

  private Forwarded() {}

  /** Whether {@code name} (any case) is one of SMS's own headers, never the client's. */
  public static boolean isSpearHeader(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith("x-spear-");
  }
}
