package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.client.ApiCallException;
import io.spear.client.kv.KvClient;
import io.spear.client.kv.KvValue;
import io.spear.client.kv.KvWrite;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.support.net.BearerToken;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Key-value writes SMS acknowledged survive a {@code kill -9} of its process. */
class KilledSmsKvTest {

  @TempDir Path dataDir;

  private static SpearProcess startSms(Path dataDir, int port) throws Exception {
    SpearProcess sms =
        SpearProcess.start(
            dataDir.resolve("sms-" + port + ".log"),
            "sms",
            "--host",
            "127.0.0.1",
            "--sms-port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString());
    sms.awaitHealthy(port);
    return sms;
  }

  private static KvClient client(int port) {
    return new KvClient("127.0.0.1:" + port, BearerToken.NONE, Duration.ofSeconds(10));
  }

  @Test
  @Timeout(120)
  void aWriteAcknowledgedJustBeforeTheKillIsReadBackAfterARestart() throws Exception {
    int port = SpearProcess.freePort();
    byte[] big = new byte[1024 * 1024];
    new java.util.Random(3).nextBytes(big);
    long version;
    try (SpearProcess sms = startSms(dataDir, port);
        KvClient kv = client(port)) {
      kv.put("app", "big", big);
      version = kv.put("app", "last", "acknowledged".getBytes(UTF_8));
      sms.kill();
    }

    try (SmsServer restarted = restart();
        KvClient kv = client(restarted.port())) {
      KvValue last = kv.get("app", "last").orElseThrow();
      assertThat(last.value()).asString(UTF_8).isEqualTo("acknowledged");
      assertThat(last.version()).isEqualTo(version);
      assertThat(kv.get("app", "big").orElseThrow().value()).isEqualTo(big);
    }
  }

  @Test
  @Timeout(120)
  void aCounterKilledWhileItIsIncrementedKeepsEveryAcknowledgedIncrement() throws Exception {
    int port = SpearProcess.freePort();
    AtomicLong acknowledged = new AtomicLong();
    AtomicReference<Throwable> stopped = new AtomicReference<>();
    try (SpearProcess sms = startSms(dataDir, port);
        KvClient kv = client(port)) {
      kv.put("app", "counter", "0".getBytes(UTF_8));
      Thread writer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      while (true) {
                        KvValue now = kv.get("app", "counter").orElseThrow();
                        long next = Long.parseLong(new String(now.value(), UTF_8)) + 1;
                        KvWrite write =
                            kv.putIfVersion(
                                "app",
                                "counter",
                                Long.toString(next).getBytes(UTF_8),
                                now.version());
                        assertThat(write).isInstanceOf(KvWrite.Written.class);
                        acknowledged.set(next);
                      }
                    } catch (ApiCallException e) {
                      stopped.set(e);
                    }
                  });
      eventually(Duration.ofSeconds(60), () -> assertThat(acknowledged.get()).isGreaterThan(30));
      sms.kill();
      writer.join(Duration.ofSeconds(30));
      assertThat(stopped.get()).as("the writer ends on the kill").isNotNull();
    }

    try (SmsServer restarted = restart();
        KvClient kv = client(restarted.port())) {
      long stored =
          Long.parseLong(new String(kv.get("app", "counter").orElseThrow().value(), UTF_8));
      // The write in flight at the kill may or may not have committed; none acknowledged is lost.
      assertThat(stored).isBetween(acknowledged.get(), acknowledged.get() + 1);
    }
  }

  private SmsServer restart() {
    return SmsServer.start(
        SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
  }
}
