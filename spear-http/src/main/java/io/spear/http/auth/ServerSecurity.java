package io.spear.http.auth;

import io.spear.http.tls.TlsFiles;
import io.spear.support.net.BearerToken;
import java.util.Objects;
import java.util.Optional;

/**
 * How a server checks who calls it and whom it may listen to.
 *
 * @param tokens the tokens accepted; empty means authentication is off
 * @param publicMetrics whether {@code /metrics} answers without a token
 * @param failuresPerMinute failed authentications one address may make per minute with one
 *     credential (ten times as many with any) before its failures are answered 429; a valid token
 *     is never refused
 * @param allowInsecure whether the server may listen beyond loopback without tokens
 * @param outboundToken the token a Spearlet presents to SMS (SMS presents to each Spearlet the
 *     secret it gave that node at registration instead)
 */
public record ServerSecurity(
    TokenRegistry tokens,
    boolean publicMetrics,
    int failuresPerMinute,
    boolean allowInsecure,
    Optional<String> outboundToken,
    Optional<TlsFiles> tls) {

  /** Default failed attempts a client may make per minute. */
  public static final int DEFAULT_FAILURES_PER_MINUTE = 30;

  /** Checks the parts. */
  public ServerSecurity {
    Objects.requireNonNull(tokens, "tokens");
    if (failuresPerMinute < 1) {
      throw new IllegalArgumentException(
          "failuresPerMinute must be positive but was " + failuresPerMinute);
    }
    Objects.requireNonNull(outboundToken, "outboundToken");
    outboundToken = outboundToken.filter(t -> !t.isBlank());
    Objects.requireNonNull(tls, "tls");
  }

  /** Authentication off, loopback only: today's embedded default. */
  public static ServerSecurity none() {
    return new ServerSecurity(
        TokenRegistry.empty(),
        false,
        DEFAULT_FAILURES_PER_MINUTE,
        false,
        Optional.empty(),
        Optional.empty());
  }

  /** Authentication with {@code tokens}. */
  public static ServerSecurity withTokens(TokenRegistry tokens) {
    return none().withTokenRegistry(tokens);
  }

  /** True when requests must carry a token. */
  public boolean enabled() {
    return !tokens.isEmpty();
  }

  /** A copy accepting other tokens. */
  public ServerSecurity withTokenRegistry(TokenRegistry value) {
    return new ServerSecurity(
        value, publicMetrics, failuresPerMinute, allowInsecure, outboundToken, tls);
  }

  /** A copy with {@code /metrics} public or not. */
  public ServerSecurity withPublicMetrics(boolean value) {
    return new ServerSecurity(tokens, value, failuresPerMinute, allowInsecure, outboundToken, tls);
  }

  /** A copy with another failed-attempt limit. */
  public ServerSecurity withFailuresPerMinute(int value) {
    return new ServerSecurity(tokens, publicMetrics, value, allowInsecure, outboundToken, tls);
  }

  /** A copy that may (or may not) listen beyond loopback without tokens. */
  public ServerSecurity withAllowInsecure(boolean value) {
    return new ServerSecurity(tokens, publicMetrics, failuresPerMinute, value, outboundToken, tls);
  }

  /** A copy presenting {@code value} to the servers it calls. */
  public ServerSecurity withOutboundToken(Optional<String> value) {
    return new ServerSecurity(tokens, publicMetrics, failuresPerMinute, allowInsecure, value, tls);
  }

  /** A copy serving HTTPS with {@code value}, or plain HTTP when empty. */
  public ServerSecurity withTls(Optional<TlsFiles> value) {
    return new ServerSecurity(
        tokens, publicMetrics, failuresPerMinute, allowInsecure, outboundToken, value);
  }

  /** The token for outbound calls, if there is one. */
  public BearerToken outbound() {
    return new BearerToken(outboundToken);
  }

  @Override
  public String toString() {
    // Never print the outbound token.
    return "ServerSecurity[tokens="
        + tokens
        + ", publicMetrics="
        + publicMetrics
        + ", failuresPerMinute="
        + failuresPerMinute
        + ", allowInsecure="
        + allowInsecure
        + ", outboundToken="
        + (outboundToken.isPresent() ? "***" : "none")
        + ", tls="
        + tls
        + "]";
  }
}
