package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.postgres.PostgresUrl;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.TestPostgres;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One of two SMS replicas killed mid-upload: nothing acknowledged is lost, the other serves. */
class KilledSmsReplicaTest {

  private static final int UPLOADERS = 4;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 12;

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void killingAReplicaDuringConcurrentUploadsLosesNoAcknowledgedUpload() throws Exception {
    String database = TestPostgres.newDatabase();
    int port = SpearProcess.freePort();
    SpearProcess killed =
        SpearProcess.start(
            dir.resolve("sms-a.log"),
            "sms",
            "--host",
            "127.0.0.1",
            "--sms-port",
            Integer.toString(port),
            "--data-dir",
            dir.resolve("a").toString(),
            "--database-url",
            database);
    try (SmsServer survivor =
        SmsServer.start(
            SmsConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withDataDir(dir.resolve("b"))
                .withDatabase(Optional.of(PostgresUrl.parse(database))))) {
      killed.awaitHealthy(port);
      HttpTestClient toKilled = new HttpTestClient(port);
      HttpTestClient toSurvivor = new HttpTestClient(survivor.port());

      // id -> sha256 of every upload the killed replica answered 201 to.
      Map<String, String> acknowledged = new ConcurrentHashMap<>();
      ExecutorService uploaders = Executors.newFixedThreadPool(UPLOADERS);
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < UPLOADERS; t++) {
        int thread = t;
        running.add(
            uploaders.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    byte[] module = random(200_000 + i, thread * 1000L + i);
                    Answer answer;
                    try {
                      answer = toKilled.post("/api/v1/files", module, Map.of());
                    } catch (RuntimeException connectionLost) {
                      return;
                    }
                    if (answer.status() == 201) {
                      acknowledged.put(answer.json().get("id").asText(), sha256(module));
                    }
                  }
                }));
      }
      eventually(
          Duration.ofSeconds(90),
          () -> assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL));
      killed.kill();
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
      uploaders.shutdown();
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

      for (Map.Entry<String, String> upload : acknowledged.entrySet()) {
        Answer download = toSurvivor.get("/api/v1/files/" + upload.getKey());
        assertThat(download.status()).isEqualTo(200);
        assertThat(sha256(download.body())).isEqualTo(upload.getValue());
      }
      // An upload cut short by the kill is never listed; everything listed reads back whole.
      JsonNode listed = toSurvivor.get("/api/v1/files?limit=1000").json().get("files");
      for (JsonNode file : listed) {
        Answer download = toSurvivor.get("/api/v1/files/" + file.get("id").asText());
        assertThat(sha256(download.body())).isEqualTo(file.get("sha256").asText());
      }

      byte[] after = random(10_000, 99);
      Answer upload = toSurvivor.post("/api/v1/files", after, Map.of());
      assertThat(upload.status()).isEqualTo(201);
      assertThat(toSurvivor.get("/api/v1/files/" + upload.json().get("id").asText()).body())
          .isEqualTo(after);
    } finally {
      killed.close();
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
