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
    return starting("", "", 0, start);
  }

  /**
   * As {@link #starting(java.util.function.Supplier)}, and a {@code port} another process holds
   * into one line that names the option {@code portOption} to pick another.
   */
  static <T> T starting(
      String portOption, String host, int port, java.util.function.Supplier<T> start) {
    requireFree(portOption, host, port);
    try {
      return start.get();
    } catch (RuntimeException e) {
      if (inUse(e)) {
        throw inUse(portOption, port);
      }
      if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
        throw new CliException(e.getMessage(), 2);
      }
      throw e;
    }
  }

  /**
   * Fails with one line when another process holds {@code port}: checked before a server starts, so
   * that the web server does not log its own failure first.
   */
  static void requireFree(String portOption, String host, int port) {
    if (port > 0 && !free(host, port)) {
      throw inUse(portOption, port);
    }
  }

  private static CliException inUse(String portOption, int port) {
    return new CliException(
        "port "
            + port
            + " is in use: stop the other process (another spear up?)"
            + (portOption.isEmpty() ? "" : " or pick another with " + portOption),
        2);
  }

  private static boolean free(String host, int port) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(host, port));
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static boolean inUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || String.valueOf(t.getMessage()).contains("already in use")) {
        return true;
      }
    }
    return false;
  }
}
