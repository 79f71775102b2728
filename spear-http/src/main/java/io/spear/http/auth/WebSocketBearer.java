package io.spear.http.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A bearer token offered in a WebSocket handshake's {@code Sec-WebSocket-Protocol} list as {@code
 * spear.bearer.<base64url of the token>}: a browser cannot set an {@code Authorization} header on a
 * WebSocket, and a long-lived token must never go in a URL (URLs end up in logs and histories). The
 * server never selects this entry as the socket's subprotocol, so the token is not echoed back.
 */
public final class WebSocketBearer {

  /** The prefix of the subprotocol entry that carries the token. */
  public static final String PREFIX = "spear.bearer.";

  private WebSocketBearer() {}

  /** The subprotocol entry carrying {@code token}. */
  public static String protocol(String token) {
    return PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The token of the first {@code spear.bearer.} entry in a {@code Sec-WebSocket-Protocol} value
   * (comma-separated), empty when there is none or it is not base64url.
   */
  public static Optional<String> fromProtocols(String header) {
    if (header == null) {
      return Optional.empty();
    }
    for (String entry : header.split(",")) {
      String protocol = entry.strip();
      if (protocol.startsWith(PREFIX)) {
        try {
          byte[] token = Base64.getUrlDecoder().decode(protocol.substring(PREFIX.length()));
          return token.length == 0
              ? Optional.empty()
              : Optional.of(new String(token, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
