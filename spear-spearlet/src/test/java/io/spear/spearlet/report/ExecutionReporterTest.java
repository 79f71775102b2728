package io.spear.spearlet.report;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.spear.client.SmsClient;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reporter's backlog against an SMS stand-in that refuses reports (503, as an SMS that cannot
 * keep up or is restarting) until the test opens it, then takes every batch.
 */
class ExecutionReporterTest {

  private final AtomicBoolean open = new AtomicBoolean();
  private final AtomicInteger received = new AtomicInteger();
  private HttpServer sms;
  private ExecutionReporter reporter;

  @BeforeEach
  void start() throws IOException {
    sms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sms.createContext(
        "/api/v1/executions",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          boolean take = open.get();
          if (take) {
            received.addAndGet(count(new String(body, StandardCharsets.UTF_8)));
          }
          byte[] answer = (take ? "{}" : "{\"error\":\"busy\"}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(take ? 200 : 503, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    sms.start();
    reporter = new ExecutionReporter(new SmsClient("127.0.0.1:" + sms.getAddress().getPort()), 10);
  }

  @AfterEach
  void stop() {
    open.set(true);
    reporter.close();
    sms.stop(0);
  }

  private static int count(String body) {
    return body.split("\"execution_id\"", -1).length - 1;
  }

  private void reportMany(int n) {
    for (int i = 0; i < n; i++) {
      reporter.report(
          ExecutionRecord.accepted("e" + i, "i" + i, "t", "n", "", ExecutionMode.ASYNC, 1));
    }
  }

  /** The first record goes into the batch the sender keeps retrying; the next six stay queued. */
  private void backlog() {
    reportMany(1);
    eventually(() -> assertThat(reporter.failedSends()).isPositive());
    reportMany(6);
    assertThat(reporter.backlogged()).isTrue();
  }

  @Test
  void aCallerWaitingOnTheBacklogGoesOnOnceSmsTakesTheQueuedRecords() throws Exception {
    backlog();
    CompletableFuture<Boolean> waiter =
        CompletableFuture.supplyAsync(
            () -> reporter.awaitNotBacklogged(Duration.ofSeconds(30).toNanos()));

    open.set(true);

    assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
    eventually(() -> assertThat(received.get()).isEqualTo(7));
    assertThat(reporter.dropped()).isZero();
  }

  @Test
  void aCallerWaitsNoLongerThanItsTimeoutWhileSmsTakesNothing() {
    backlog();
    long start = System.nanoTime();

    boolean room = reporter.awaitNotBacklogged(Duration.ofMillis(50).toNanos());

    assertThat(room).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    assertThat(reporter.pending()).isEqualTo(6);
    assertThat(reporter.dropped()).isZero();
  }

  @Test
  void withoutABacklogACallerDoesNotWait() {
    reportMany(3);

    assertThat(reporter.awaitNotBacklogged(0)).isTrue();
  }
}
