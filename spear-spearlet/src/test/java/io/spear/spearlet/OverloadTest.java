package io.spear.spearlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.testing.HttpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class OverloadTest {

  @TempDir Path dataDir;

  @Test
  @Timeout(120)
  void twoHundredConcurrentRequestsGetOnly200sAnd429sAndTheNodeServesNormallyAfterwards()
      throws Exception {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet = platform.addSpearlet(b -> b.maxInFlight(4).queueCapacity(8));
      HttpTestClient node = new HttpTestClient(spearlet.port());
      // The task may take the whole node (by default one task gets half of it).
      // A guest that computes keeps its slot (a sleeping one gives it back, and up to 16 times the
      // capacity of sleepers is admitted), so the burst meets a full node however slowly it comes.
      String busy =
          platform.registerTask(
              platform.upload("fib.c.wasm"),
              List.of("40"),
              Map.of(),
              Map.of("max_concurrency", "12"));
      String echo = platform.deploy("echo_upper.c.wasm");

      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(200);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> requests = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        requests.add(
            clients.submit(
                () -> {
                  go.await();
                  int status = node.post("/invoke/" + busy, new byte[0], Map.of()).status();
                  statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> request : requests) {
        request.get(60, TimeUnit.SECONDS);
      }
      clients.shutdown();

      assertThat(statuses.keySet()).containsOnly(200, 429).contains(200, 429);
      assertThat(statuses.get(200).get() + statuses.get(429).get()).isEqualTo(200);
      assertThat(statuses.get(200).get()).isGreaterThanOrEqualTo(12);
      String after =
          node.post("/invoke/" + echo, "still here".getBytes(StandardCharsets.UTF_8), Map.of())
              .text();
      assertThat(after).isEqualTo("STILL HERE");
      assertThat(node.get("/health").json().get("in_flight").asInt()).isZero();
      assertThat(node.get("/health").json().get("queued").asInt()).isZero();
    }
  }
}
