package io.spear.cli;

import io.spear.client.SmsClient;
import io.spear.http.tls.TlsTrust;
import io.spear.model.net.BearerToken;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the client commands find SMS. */
final class ClientOptions {

  @Option(
      names = "--sms",
      defaultValue = "http://127.0.0.1:8080",
      description = "SMS address (default: ${DEFAULT-VALUE}).")
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

  SmsClient client() {
    if (tlsCa != null) {
      TlsTrust.install(tlsCa);
    }
    return new SmsClient(sms, BearerToken.ofNullable(token));
  }
}
