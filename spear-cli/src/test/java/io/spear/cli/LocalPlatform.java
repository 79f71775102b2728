package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.ai.AiConfig;
import io.spear.client.SmsClient;
import io.spear.model.config.SpearletConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import java.nio.file.Path;
import java.time.Duration;

/** SMS and one Spearlet in this JVM on free ports, for CLI tests that invoke through SMS. */
final class LocalPlatform implements AutoCloseable {

  final SmsServer sms;
  final SpearletServer spearlet;
  final String address;
  final SmsClient client;

  LocalPlatform(Path dataDir) {
    sms =
        SmsServer.start(
            SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
    spearlet =
        SpearletServer.builder(
                RuntimeConfig.of(
                    SpearletConfig.defaults().toBuilder()
                        .smsHttpAddr(sms.httpAddr())
                        .bindHost("127.0.0.1")
                        .httpPort(0)
                        .heartbeatInterval(Duration.ofMillis(200))
                        .build()))
            .ai(AiConfig.NONE)
            .start();
    address = "http://127.0.0.1:" + sms.port();
    client = new SmsClient(address);
    eventually(() -> assertThat(client.listNodes().nodes()).hasSize(1));
  }

  @Override
  public void close() {
    spearlet.close();
    sms.close();
  }
}
