package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.http.Route;
import io.spear.testing.HttpTestClient;
import io.spear.testing.OpenApiOperations;
import io.spear.testing.PrometheusText;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class OperationsTest {

  @TempDir Path dataDir;

  @Test
  void spearletRegistersHeartbeatsAndDeregistersOnShutdown() throws Exception {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet = platform.addSpearlet();
      String uuid = spearlet.nodeUuid().orElseThrow();
      JsonNode node = platform.smsHttp.get("/api/v1/nodes/" + uuid).json().get("node");
      assertThat(node.get("status").asText()).isEqualTo("online");
      assertThat(node.get("http_port").asInt()).isEqualTo(spearlet.port());
      assertThat(node.get("ip_address").asText()).isEqualTo("127.0.0.1");

      eventually(
          () ->
              assertThat(
                      platform
                          .smsHttp
                          .get("/api/v1/nodes/" + uuid)
                          .json()
                          .get("node")
                          .get("health_info")
                          .has("in_flight"))
                  .isTrue());

      spearlet.close();
      platform.spearlets.remove(spearlet);
      assertThat(platform.smsHttp.get("/api/v1/nodes/" + uuid).status()).isEqualTo(404);
    }
  }

  @Test
  void metricsCountInvocationsColdStartsAndDurations() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet = platform.addSpearlet();
      HttpTestClient node = new HttpTestClient(spearlet.port());
      String echo = platform.deploy("echo_upper.c.wasm");
      String fails = platform.deploy("exit_code.c.wasm");
      node.post("/invoke/" + echo, new byte[] {'a'}, Map.of());
      node.post("/invoke/" + echo, new byte[] {'b'}, Map.of());
      node.post("/invoke/" + fails, new byte[0], Map.of());

      Map<String, Double> m = PrometheusText.parse(node.get("/metrics").text());

      assertThat(m.get("spear_invocations_total{status=\"completed\"}")).isEqualTo(2.0);
      assertThat(m.get("spear_invocations_total{status=\"failed\"}")).isEqualTo(1.0);
      assertThat(m.get("spear_invocation_failures_total")).isEqualTo(1.0);
      assertThat(m.get("spear_invocation_timeouts_total")).isZero();
      assertThat(m.get("spear_cold_starts_total")).isEqualTo(2.0);
      assertThat(m.get("spear_invocation_duration_seconds_count")).isEqualTo(3.0);
      assertThat(m.get("spear_instance_create_duration_seconds_count")).isEqualTo(2.0);
      assertThat(m)
          .containsKeys(
              "spear_invocation_queue_depth",
              "spear_invocations_in_flight",
              "spear_instances",
              "spear_module_cache_size");
      assertThat(m.keySet())
          .anyMatch(k -> k.startsWith("spear_invocation_duration_seconds_bucket{"));
    }
  }

  @Test
  void openApiDocumentListsEveryRouteAndNothingElse() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet = platform.addSpearlet();
      JsonNode doc = new HttpTestClient(spearlet.port()).get("/openapi.json").json();
      Set<String> documented = OpenApiOperations.of(doc);
      Set<String> served =
          spearlet.routes().stream().map(Route::signature).collect(Collectors.toSet());
      assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    }
  }
}
