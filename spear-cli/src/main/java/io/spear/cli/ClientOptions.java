package io.spear.cli;

import io.spear.client.SmsClient;
import picocli.CommandLine.Option;

/** Where the client commands find SMS. */
final class ClientOptions {

  @Option(
      names = "--sms",
      defaultValue = "http://127.0.0.1:8080",
      description = "SMS address (default: ${DEFAULT-VALUE}).")
  String sms;

  SmsClient client() {
    return new SmsClient(sms);
  }
}
