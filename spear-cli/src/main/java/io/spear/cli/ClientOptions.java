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
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** Where the client commands find SMS, and how they authenticate. */
final class ClientOptions {

  private static final int PROBE_TIMEOUT_MS = 300;

  // Shared by the annotations and declared(), which must say the same.
  private static final String SMS_DEFAULT = "${env:SPEAR_SMS:-http://127.0.0.1:8080}";
  private static final String SMS_HELP =
      "SMS address (default: env SPEAR_SMS, else http://127.0.0.1:8080).";
  private static final String TOKEN_DEFAULT = "${env:SPEAR_TOKEN}";
  private static final String TOKEN_HELP = "Bearer token sent to SMS (default: env SPEAR_TOKEN).";
  private static final String TLS_CA_DEFAULT = "${env:SPEAR_TLS_CA}";
  private static final String TLS_CA_HELP =
      "PEM certificate(s) to trust, besides the JDK's, for an https:// SMS (default: env"
          + " SPEAR_TLS_CA).";

  @Option(names = "--sms", defaultValue = SMS_DEFAULT, description = SMS_HELP)
  String sms;

  @Option(names = "--token", defaultValue = TOKEN_DEFAULT, description = TOKEN_HELP)
  String token;

  @Option(names = "--tls-ca", defaultValue = TLS_CA_DEFAULT, description = TLS_CA_HELP)
  Path tlsCa;

  /**
   * These options as a mixin declared through picocli's programmatic API, setting this object's
   * fields: for a command declared so ({@link RunCommand}), which reads no annotations.
   */
  CommandSpec declared() {
    CommandSpec mixin = CommandSpec.wrapWithoutInspection(this);
    mixin.addOption(
        option("--sms", String.class, SMS_DEFAULT, SMS_HELP)
            .paramLabel("<sms>")
            .setter(new Into(v -> sms = (String) v))
            .build());
    mixin.addOption(
        option("--token", String.class, TOKEN_DEFAULT, TOKEN_HELP)
            .paramLabel("<token>")
            .setter(new Into(v -> token = (String) v))
            .build());
    mixin.addOption(
        option("--tls-ca", Path.class, TLS_CA_DEFAULT, TLS_CA_HELP)
            .paramLabel("<tlsCa>")
            .setter(new Into(v -> tlsCa = (Path) v))
            .build());
    return mixin;
  }

  private static OptionSpec.Builder option(
      String name, Class<?> type, String defaultValue, String help) {
    return OptionSpec.builder(name).type(type).defaultValue(defaultValue).description(help);
  }

  /** A picocli setter writing into a field. */
  private record Into(Consumer<Object> field) implements ISetter {
    @Override
    public <T> T set(T value) {
      field.accept(value);
      return null;
    }
  }

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
