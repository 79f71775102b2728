package io.spear.sms;

import static io.spear.sms.FilesApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.json.Json;
import io.spear.testing.HttpTestClient.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The limits SMS puts on what clients send: stalled uploads, huge documents, absent modules. */
@Timeout(60)
class RequestLimitsApiTest {

  @RegisterExtension
  final SmsExtension sms = SmsExtension.with(c -> c.withUploadIdleTimeout(Duration.ofMillis(500)));

  @Test
  void anUploadWhoseBodyStopsArrivingIsRefusedWithRequestTimeoutAndNothingStored()
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", sms.server().port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n"
                  + "Content-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[1000]);
      out.flush();
      // The client now stays silent; the server answers once the body has been idle for 500 ms.
      String response = readResponse(socket.getInputStream());

      assertThat(response).startsWith("HTTP/1.1 408");
      JsonNode body = Json.mapper().readTree(response.substring(response.indexOf("\r\n\r\n")));
      assertThat(body.get("error").asText()).isEqualTo("REQUEST_TIMEOUT");
      assertThat(body.get("message").asText()).contains("500 ms");
    }
    assertThat(sms.http().get("/api/v1/files").json().get("total_count").asInt()).isZero();
    // The server's other connections were never affected.
    assertThat(sms.http().get("/health").status()).isEqualTo(200);
  }

  @Test
  void aTaskNamingAFileThisSmsDoesNotHaveIsRefusedNamingTheFile() {
    String missing = UUID.randomUUID().toString();

    Answer answer =
        sms.http().postJson("/api/v1/tasks", TasksApiTest.seedTask("sms+file://" + missing));

    assertError(answer, 422, "INVALID_CONFIGURATION");
    assertThat(answer.json().get("message").asText()).contains(missing, "executable.uri");
    assertThat(sms.http().get("/api/v1/tasks").json().get("total_count").asInt()).isZero();
  }

  @Test
  void aTaskUpdatedToNameAFileThisSmsDoesNotHaveIsRefusedAndKeepsItsModule() {
    String uri =
        sms.http().post("/api/v1/files", new byte[] {1, 2, 3}, Map.of()).json().get("uri").asText();
    String id =
        sms.http()
            .postJson("/api/v1/tasks", TasksApiTest.seedTask(uri))
            .json()
            .get("task_id")
            .asText();

    Answer answer =
        sms.http()
            .send(
                "PUT",
                "/api/v1/tasks/" + id,
                TasksApiTest.seedTask("smsfile://" + UUID.randomUUID())
                    .getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));

    assertError(answer, 422, "INVALID_CONFIGURATION");
    assertThat(sms.http().get("/api/v1/tasks/" + id).json().get("executable").get("uri").asText())
        .isEqualTo(uri);
  }

  @Test
  void aModuleOnAnotherSmsIsNotCheckedAtRegistration() {
    Answer answer =
        sms.http()
            .postJson(
                "/api/v1/tasks",
                TasksApiTest.seedTask("sms+file://10.0.0.9:8080/" + UUID.randomUUID()));

    assertThat(answer.status()).isEqualTo(201);
  }

  @Test
  void aTaskDocumentOfTenMegabytesIsRefusedWithTheDocumentedLimit() {
    String huge =
        TasksApiTest.seedTask("sms+file://10.0.0.9:8080/abc")
            .replace(
                "\"metadata\": {}",
                "\"metadata\": {\"pad\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}");

    Answer answer = sms.http().postJson("/api/v1/tasks", huge);

    assertError(answer, 413, "PAYLOAD_TOO_LARGE");
    assertThat(answer.json().get("message").asText()).contains("1048576 bytes");
    assertThat(sms.http().get("/api/v1/tasks").json().get("total_count").asInt()).isZero();
  }

  @Test
  void endpointsAreUniqueWhateverTheirCaseAndATrailingSlashIsRefused() {
    assertThat(
            sms.http()
                .postJson("/api/v1/tasks", "{\"name\": \"a\", \"endpoint\": \"Orders\"}")
                .status())
        .isEqualTo(201);

    assertError(
        sms.http().postJson("/api/v1/tasks", "{\"name\": \"b\", \"endpoint\": \"ORDERS\"}"),
        409,
        "ENDPOINT_CONFLICT");
    assertError(
        sms.http().postJson("/api/v1/tasks", "{\"name\": \"c\", \"endpoint\": \"orders/\"}"),
        400,
        "INVALID_REQUEST");
  }

  @Test
  void nodesArePagedByLimitAndOffset() {
    for (int i = 1; i <= 3; i++) {
      sms.http()
          .postJson(
              "/api/v1/nodes",
              "{\"ip_address\": \"10.0.0.%d\", \"port\": 8081, \"http_port\": 8081}".formatted(i));
    }

    JsonNode page = sms.http().get("/api/v1/nodes?limit=1&offset=1").json();

    assertThat(page.get("total_count").asInt()).isEqualTo(3);
    assertThat(page.get("nodes")).hasSize(1);
    assertThat(page.get("nodes").get(0).get("ip_address").asText()).isEqualTo("10.0.0.2");
  }

  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int n;
    // The server closes the connection after refusing a body it did not read whole.
    while ((n = in.read(buffer)) >= 0) {
      bytes.write(buffer, 0, n);
      String text = bytes.toString(StandardCharsets.UTF_8);
      int headerEnd = text.indexOf("\r\n\r\n");
      if (headerEnd >= 0 && text.endsWith("}")) {
        return text;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
