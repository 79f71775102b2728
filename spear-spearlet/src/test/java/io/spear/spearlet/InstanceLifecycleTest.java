package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class InstanceLifecycleTest {

  @TempDir Path dataDir;

  @Test
  void concurrentFirstInvocationsOfANewTaskShareOneCreation() throws Exception {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet = platform.addSpearlet();
      HttpTestClient node = new HttpTestClient(spearlet.port());
      String taskId = platform.deploy("echo_upper.c.wasm");

      ExecutorService clients = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String input = "first " + i;
        answers.add(
            clients.submit(
                () -> {
                  go.await();
                  return node.post("/invoke/" + taskId, bytes(input), Map.of()).text();
                }));
      }
      go.countDown();
      for (int i = 0; i < 8; i++) {
        assertThat(answers.get(i).get()).isEqualTo("FIRST " + i);
      }
      clients.shutdown();

      Map<String, Double> m = PrometheusText.parse(node.get("/metrics").text());
      assertThat(m.get("spear_cold_starts_total")).isEqualTo(1.0);
      assertThat(m.get("spear_module_cache_misses_total")).isEqualTo(1.0);
      assertThat(m.get("spear_instances")).isEqualTo(1.0);
    }
  }

  @Test
  void anIdleInstanceIsStoppedAndTheNextInvocationStartsItAgain() throws Exception {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet =
          platform.addSpearlet(b -> b.idleInstanceTimeout(Duration.ofMillis(300)));
      HttpTestClient node = new HttpTestClient(spearlet.port());
      String taskId = platform.deploy("echo_upper.c.wasm");
      assertThat(node.post("/invoke/" + taskId, bytes("a"), Map.of()).text()).isEqualTo("A");
      assertThat(node.get("/health").json().get("instances").asInt()).isEqualTo(1);

      platform.ticker.advance(Duration.ofMillis(301));
      eventually(() -> assertThat(node.get("/health").json().get("instances").asInt()).isZero());

      String executionId =
          node.postJson("/functions/execute", "{\"task_id\": \"" + taskId + "\"}")
              .json()
              .get("execution_id")
              .asText();
      assertThat(
              node.get("/functions/executions/" + executionId).json().get("cold_start").asBoolean())
          .isTrue();
    }
  }

  @Test
  void invocationsKeepWorkingWhileSmsIsDownAndTheirRecordsArriveWhenItIsBack() throws Exception {
    int smsPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      smsPort = s.getLocalPort();
    }
    SmsConfig smsConfig =
        SmsConfig.defaults().withHost("127.0.0.1").withPort(smsPort).withDataDir(dataDir);
    SmsServer sms = SmsServer.start(smsConfig);
    TestPlatform platform = TestPlatform.over(sms);
    SpearletServer spearlet = platform.addSpearlet();
    try {
      HttpTestClient node = new HttpTestClient(spearlet.port());
      String taskId = platform.deploy("echo_upper.c.wasm");
      assertThat(node.post("/invoke/" + taskId, bytes("up"), Map.of()).text()).isEqualTo("UP");

      sms.close();
      // Past the revalidation interval: the node must try SMS and fall back.
      platform.ticker.advance(Duration.ofMillis(301));
      HttpTestClient.Answer whileDown = node.post("/invoke/" + taskId, bytes("down"), Map.of());
      assertThat(whileDown.status()).isEqualTo(200);
      assertThat(whileDown.text()).isEqualTo("DOWN");
      String executionId = whileDown.header("X-Spear-Execution-Id");

      sms = SmsServer.start(smsConfig);
      eventually(
          () ->
              assertThat(platform.smsHttp.get("/api/v1/executions/" + executionId).status())
                  .isEqualTo(200));
      assertThat(
              platform
                  .smsHttp
                  .get("/api/v1/executions/" + executionId)
                  .json()
                  .get("status")
                  .asText())
          .isEqualTo("completed");
    } finally {
      spearlet.close();
      sms.close();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
