package io.spear.sms;

import static io.spear.sms.FilesApiTest.assertError;
import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.http.Route;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.OpenApiOperations;
import io.spear.testing.PrometheusText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

class OperationsApiTest {

  @RegisterExtension final SmsExtension sms = SmsExtension.create();

  @Test
  void healthSaysHealthyWithServiceAndTimestamp() {
    JsonNode health = sms.http().get("/health").json();
    assertThat(health.get("status").asText()).isEqualTo("healthy");
    assertThat(java.time.Instant.parse(health.get("timestamp").asText())).isNotNull();
    assertThat(health.get("service").asText()).isEqualTo("sms");
  }

  @Test
  void metricsAreValidPrometheusTextWithRequestsAndStoredBytes() {
    sms.http().post("/api/v1/files", new byte[] {1, 2, 3}, Map.of());
    sms.http().get("/api/v1/files");

    Answer metrics = sms.http().get("/metrics");

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    Map<String, Double> samples = PrometheusText.parse(metrics.text());
    assertThat(samples)
        .containsKey(
            "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/files\",status=\"201\"}");
    assertThat(samples.get("spear_sms_file_bytes_stored_bytes")).isEqualTo(3.0);
    assertThat(samples.keySet())
        .anyMatch(k -> k.startsWith("http_server_requests_seconds_sum{method=\"GET\""));
  }

  @Test
  void openApiDocumentListsEveryRouteAndNothingElse() {
    JsonNode doc = sms.http().get("/openapi.json").json();
    assertThat(doc.get("openapi").asText()).startsWith("3.");

    Set<String> documented = OpenApiOperations.of(doc);
    Set<String> served =
        sms.server().routes().stream().map(Route::signature).collect(Collectors.toSet());

    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    assertThat(sms.http().get("/openapi.yaml").text()).startsWith("openapi: 3.");
  }

  @Test
  void unknownRouteIsAJsonNotFound() {
    assertError(sms.http().get("/api/v1/nothing"), 404, "NOT_FOUND");
  }

  @Test
  void wrongMethodIsAJsonMethodNotAllowed() {
    assertError(
        sms.http().send("PUT", "/api/v1/files", new byte[] {1}, Map.of()),
        405,
        "METHOD_NOT_ALLOWED");
  }

  @Test
  void internalFailuresNeverLeakTheirMessageOrStackTrace() throws IOException {
    // Replace the staging directory by a plain file: the next upload fails inside the store.
    Path staging = sms.dataDir().resolve("blobs").resolve("tmp");
    Files.delete(staging);
    Files.writeString(staging, "not a directory");

    Answer answer = sms.http().post("/api/v1/files", new byte[] {1, 2, 3}, Map.of());

    assertError(answer, 500, "INTERNAL_ERROR");
    assertThat(answer.json().get("message").asText())
        .matches("internal error \\(ref [0-9a-f-]{36}\\)");
    assertThat(answer.text())
        .doesNotContain("Exception", "staging", sms.dataDir().toString(), "\tat ");
    assertThat(sms.http().get("/health").status()).isEqualTo(200);
  }

  @Test
  @Timeout(10)
  void silentNodesTurnOfflineOnTheirOwnAfterTheTimeout() throws InterruptedException {
    sms.restart(c -> c.withNodeHeartbeatTimeout(Duration.ofMillis(300)));
    String uuid =
        sms.http()
            .postJson("/api/v1/nodes", "{\"ip_address\": \"127.0.0.1\", \"port\": 1}")
            .json()
            .get("node_uuid")
            .asText();

    eventually(
        () ->
            assertThat(
                    sms.http()
                        .get("/api/v1/nodes/" + uuid)
                        .json()
                        .get("node")
                        .get("status")
                        .asText())
                .isEqualTo("offline"));
  }
}
