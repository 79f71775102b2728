package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.secret.SecretsKey;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsCommandTest {

  private static final String VALUE = "piped-value-9e1f";

  @TempDir Path dir;

  private SmsServer start(boolean withKey) {
    SmsServer.Builder builder =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")));
    if (withKey) {
      builder.secretsKey(SecretsKey.ofBase64(SecretsKey.generateBase64()));
    }
    return builder.start();
  }

  @Test
  void aValuePipedOnStdinIsSetListedByNameAndRemoved() {
    try (SmsServer sms = start(true)) {
      String address = "http://127.0.0.1:" + sms.port();

      CliRun set = withStdin(VALUE + "\n", "secrets", "set", "PIPED", "--sms", address);
      CliRun list = CliRun.of("secrets", "list", "--sms", address);
      CliRun rm = CliRun.of("secrets", "rm", "PIPED", "--sms", address);
      CliRun again = CliRun.of("secrets", "rm", "PIPED", "--sms", address);

      assertThat(set.exitCode()).as(set.err()).isZero();
      assertThat(set.out()).contains("secret PIPED created");
      assertThat(list.out()).contains("PIPED").contains("key_configured").doesNotContain(VALUE);
      assertThat(rm.out()).contains("secret PIPED deleted");
      assertThat(again.exitCode()).isNotZero();
      assertThat(again.err()).contains("SECRET_NOT_FOUND").contains("spear secrets list");
    }
  }

  @Test
  void withoutAKeyOnSmsSettingASecretSaysHowToGiveOne() {
    try (SmsServer sms = start(false)) {
      CliRun set =
          withStdin(VALUE, "secrets", "set", "K", "--sms", "http://127.0.0.1:" + sms.port());

      assertThat(set.exitCode()).isNotZero();
      assertThat(set.err()).contains("SECRETS_UNAVAILABLE").contains("--secrets-key-file");
    }
  }

  @Test
  void anEmptyValueIsRefusedBeforeAnythingIsSent() {
    CliRun set = withStdin("\n", "secrets", "set", "K", "--sms", "http://127.0.0.1:9");

    assertThat(set.exitCode()).isEqualTo(2);
    assertThat(set.err()).contains("no value");
  }

  private static CliRun withStdin(String text, String... args) {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      return CliRun.of(args);
    } finally {
      System.setIn(stdin);
    }
  }
}
