package io.spear.cli;

import io.spear.client.SmsClient;
import io.spear.client.kv.KvClient;
import io.spear.http.tls.TlsTrust;
import io.spear.support.net.BearerToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where the client commands find SMS, and how they authenticate. */
final class ClientOptions {

  private static final int PROBE_TIMEOUT_MS = 300;

  @Option(
      names = "--sms",
      defaultValue = "${env:SPEAR_SMS:-http://127.0.0.1:8080}",
      description = "SMS address (default: env SPEAR_SMS, else http://127.0.0.1:8080).")
  String sms;

  @Option(
      names = "--token",
      defaultValue = "${env:SPEAR_TOKEN}",
      description = "Bearer token sent to SMS (default: env SPEAR_TOKEN).")
  String token;

  @Option(
      names = "--tls-ca",
      defaultValue = "${env:SPEAR_TLS_CA}",
      description =
          "PEM certificate(s) to trust, besides the JDK's, for an https:// SMS (default: env"
              + " SPEAR_TLS_CA).")
  Path tlsCa;

  // Closed once the command has run (SpearCli's execution strategy).
  private final List<AutoCloseable> opened = new ArrayList<>();

  SmsClient client() {
    if (tlsCa != null) {
      TlsTrust.install(tlsCa);
    }
    return opened(new SmsClient(sms, BearerToken.ofNullable(token)));
  }

  KvClient kvClient() {
    if (tlsCa != null) {
      TlsTrust.install(tlsCa);
    }
    return opened(new KvClient(sms, BearerToken.ofNullable(token), Duration.ofSeconds(60)));
  }

  private <T extends AutoCloseable> T opened(T client) {
    opened.add(client);
    return client;
  }

  /**
   * Stops the clients made here. A client's selector thread waits in a system call, and a JVM
   * exiting with such a thread waits 0.3 s for it to come back: most of a one-shot command's time.
   */
  void close() {
    for (AutoCloseable client : opened) {
      try {
        client.close();
      } catch (Exception e) {
        // Nothing to do at the end of a command: the process exits anyway.
      }
    }
    opened.clear();
  }

  /** Whether the command line named an SMS itself. */
  boolean given(CommandSpec spec) {
    return spec.commandLine().getParseResult().hasMatchedOption("--sms");
  }

  /** Whether something accepts connections at the (first) SMS address, within a moment. */
  boolean reachable() {
    URI uri = URI.create(SmsClient.normalize(sms.split(",")[0].trim()));
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), PROBE_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
