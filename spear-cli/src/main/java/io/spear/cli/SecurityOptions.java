package io.spear.cli;

import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.http.tls.TlsFiles;
import io.spear.http.tls.TlsTrust;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * Who may call a server started by {@code spear sms}, {@code spear spearlet} or {@code spear up}:
 * the token file, {@code SPEAR_TOKEN} (one admin token, read here once) and whether the server may
 * listen beyond loopback without tokens.
 */
final class SecurityOptions {

  /** The environment variable holding a single admin token (servers) or the caller's (CLI). */
  static final String TOKEN_ENV = "SPEAR_TOKEN";

  @Option(
      names = "--token-file",
      description =
          "YAML list of {name, role, token_sha256} (roles: admin, user, node, viewer, sms; a node"
              + " token may add node: <uuid>, the only node it may register as); with it (or"
              + " SPEAR_TOKEN) every route but /health needs a bearer token.")
  Path tokenFile;

  @Option(
      names = "--insecure",
      description =
          "Listen beyond loopback without tokens anyway (anyone who can reach the server may use"
              + " it).")
  boolean insecure;

  @Option(
      names = "--tls-cert",
      description = "PEM certificate chain to serve HTTPS with (needs --tls-key).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      description = "PEM private key (PKCS#8, BEGIN PRIVATE KEY) of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--tls-ca",
      defaultValue = "${env:SPEAR_TLS_CA}",
      description =
          "PEM certificate(s) to trust, besides the JDK's, when calling other servers over HTTPS"
              + " (default: env SPEAR_TLS_CA).")
  Path tlsCa;

  @Option(
      names = "--public-metrics",
      description = "Answer /metrics without a token (for a Prometheus scraper).")
  boolean publicMetrics;

  /** The tokens of {@code --token-file} plus {@code SPEAR_TOKEN} as an admin. */
  TokenRegistry tokens() {
    try {
      return TokenRegistry.load(
          Optional.ofNullable(tokenFile), Optional.ofNullable(System.getenv(TOKEN_ENV)));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }

  /** The server security of these options with {@code tokens} and an outbound token. */
  ServerSecurity security(TokenRegistry tokens, Optional<String> outboundToken) {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new CliException("--tls-cert and --tls-key go together", 2);
    }
    // A server trusts its own certificate, so spear up's Spearlet can reach its SMS over HTTPS.
    List<Path> trusted = Stream.of(tlsCa, tlsCert).filter(Objects::nonNull).toList();
    if (!trusted.isEmpty()) {
      TlsTrust.install(trusted);
    }
    return ServerSecurity.withTokens(tokens)
        .withTls(Optional.ofNullable(tlsCert).map(c -> new TlsFiles(c, tlsKey)))
        .withAllowInsecure(insecure)
        .withPublicMetrics(publicMetrics)
        .withOutboundToken(outboundToken);
  }

  /**
   * The node token {@code spear up} adds so that its Spearlet can register with its SMS: fresh,
   * random, known to them only. SMS reaches the Spearlet with the secret it gives it at
   * registration, as with any node.
   */
  record LocalPair(String nodeToken) {
    static LocalPair generate() {
      return new LocalPair(TokenRegistry.generateToken());
    }

    TokenRegistry forSms(TokenRegistry tokens) {
      return tokens.with("spear-up-spearlet", Role.NODE, nodeToken);
    }
  }

  /** {@code https} when serving TLS. */
  String scheme() {
    return tlsCert == null ? "http" : "https";
  }

  /**
   * Runs {@code start}, turning a refusal to listen (no tokens beyond loopback) or unusable TLS
   * files into exit 2.
   */
  static <T> T starting(java.util.function.Supplier<T> start) {
    try {
      return start.get();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }
}
