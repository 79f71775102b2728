package io.spear.sms.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two SMS replicas on one PostgreSQL share key-value state and its versions. */
@Timeout(120)
class KvReplicasTest {

  @TempDir Path dataDir;

  @Test
  void twentyCompareAndSetIncrementsSpreadOverTwoReplicasLoseNoUpdate() throws Exception {
    SmsConfig config =
        SmsConfig.defaults()
            .withHost("127.0.0.1")
            .withPort(0)
            .withDataDir(dataDir.resolve("unused"))
            .withDatabase(Optional.of(PostgresUrl.parse(TestPostgres.newDatabase())));
    try (SmsServer a = SmsServer.start(config);
        SmsServer b = SmsServer.start(config)) {
      List<HttpTestClient> replicas =
          List.of(new HttpTestClient(a.port()), new HttpTestClient(b.port()));
      String counter = "/api/v1/kv/app/counter";
      assertThat(put(replicas.get(0), counter, "0", Map.of()).status()).isEqualTo(201);
      int clients = 20;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          HttpTestClient http = replicas.get(i % 2);
          done.add(
              pool.submit(
                  () -> {
                    go.await();
                    increment(http, counter);
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(replicas.get(1).get(counter).text()).isEqualTo(String.valueOf(clients));
      assertThat(replicas.get(0).get(counter).header("ETag"))
          .isEqualTo(replicas.get(1).get(counter).header("ETag"));
    }
  }

  private static Answer put(HttpTestClient http, String path, String value, Map<String, String> h) {
    return http.send("PUT", path, value.getBytes(UTF_8), h);
  }

  /** Reads, adds one and writes back at the version read, again after every 412. */
  private static void increment(HttpTestClient http, String path) {
    while (true) {
      Answer read = http.get(path);
      int next = Integer.parseInt(read.text()) + 1;
      Answer write = put(http, path, String.valueOf(next), Map.of("If-Match", read.header("ETag")));
      if (write.status() == 200) {
        return;
      }
      assertThat(write.status()).as(write.text()).isEqualTo(412);
    }
  }
}
