package io.spear.sms;

import static io.spear.sms.FilesApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NodesApiTest {

  private static final String NODE =
      "{\"ip_address\": \"10.0.0.7\", \"port\": 50052, \"http_port\": 8081,"
          + " \"metadata\": {\"zone\": \"a\"}}";

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

  @RegisterExtension
  final SmsExtension sms =
      SmsExtension.with(
          c -> c.withNodeHeartbeatTimeout(Duration.ofSeconds(90)).withClock(now::get));

  @Test
  void registeredNodeIsOnlineWithWhatItSaidAboutItself() {
    Answer answer = sms.http().postJson("/api/v1/nodes", NODE);
    assertThat(answer.status()).isEqualTo(201);
    String uuid = answer.json().get("node_uuid").asText();

    JsonNode node = sms.http().get("/api/v1/nodes/" + uuid).json().get("node");

    assertThat(node.get("uuid").asText()).isEqualTo(uuid);
    assertThat(node.get("ip_address").asText()).isEqualTo("10.0.0.7");
    assertThat(node.get("port").asInt()).isEqualTo(50052);
    assertThat(node.get("http_port").asInt()).isEqualTo(8081);
    assertThat(node.get("status").asText()).isEqualTo("online");
    assertThat(node.get("metadata").get("zone").asText()).isEqualTo("a");
    assertThat(node.get("registered_at").asLong()).isEqualTo(now.get().getEpochSecond());
  }

  @Test
  void nodeThatMissesHeartbeatsTurnsOfflineAndIsNotRemoved() {
    String uuid = register();
    now.set(now.get().plusSeconds(89));
    sms.server().checkNodeLiveness();
    assertThat(status(uuid)).isEqualTo("online");

    now.set(now.get().plusSeconds(2));
    sms.server().checkNodeLiveness();

    assertThat(status(uuid)).isEqualTo("offline");
    assertThat(sms.http().get("/api/v1/nodes").json().get("total_count").asInt()).isEqualTo(1);
    assertThat(sms.http().get("/api/v1/nodes?status=offline").json().get("nodes")).hasSize(1);
    assertThat(sms.http().get("/api/v1/nodes?status=online").json().get("nodes")).isEmpty();
  }

  @Test
  void theNodeListHonoursLimitAndOffsetAndCountsAll() {
    for (int i = 0; i < 3; i++) {
      sms.http()
          .postJson(
              "/api/v1/nodes",
              "{\"ip_address\": \"10.0.0." + i + "\", \"port\": 1, \"http_port\": 2}");
    }
    JsonNode page = sms.http().get("/api/v1/nodes?limit=2&offset=1").json();
    assertThat(page.get("nodes")).hasSize(2);
    assertThat(page.get("total_count").asInt()).isEqualTo(3);
    assertThat(sms.http().get("/api/v1/nodes?offset=2").json().get("nodes")).hasSize(1);
    assertThat(sms.http().get("/api/v1/nodes?limit=0").status()).isEqualTo(400);
  }

  @Test
  void heartbeatKeepsANodeOnlineAndBringsAnOfflineOneBack() {
    String uuid = register();
    now.set(now.get().plusSeconds(60));
    assertThat(sms.http().postJson("/api/v1/nodes/" + uuid + "/heartbeat", "{}").status())
        .isEqualTo(200);
    now.set(now.get().plusSeconds(60));
    sms.server().checkNodeLiveness();
    assertThat(status(uuid)).isEqualTo("online");

    now.set(now.get().plusSeconds(100));
    sms.server().checkNodeLiveness();
    assertThat(status(uuid)).isEqualTo("offline");

    Answer beat =
        sms.http()
            .postJson(
                "/api/v1/nodes/" + uuid + "/heartbeat", "{\"health_info\": {\"in_flight\": 3}}");
    assertThat(beat.json().get("status").asText()).isEqualTo("online");
    JsonNode node = sms.http().get("/api/v1/nodes/" + uuid).json().get("node");
    assertThat(node.get("status").asText()).isEqualTo("online");
    assertThat(node.get("last_heartbeat").asLong()).isEqualTo(now.get().getEpochSecond());
    assertThat(node.get("health_info").get("in_flight").asText()).isEqualTo("3");
  }

  @Test
  void heartbeatWithoutABodyIsAccepted() {
    String uuid = register();
    assertThat(
            sms.http()
                .send("POST", "/api/v1/nodes/" + uuid + "/heartbeat", null, java.util.Map.of())
                .status())
        .isEqualTo(200);
  }

  @Test
  void deleteRemovesTheNode() {
    String uuid = register();

    assertThat(sms.http().delete("/api/v1/nodes/" + uuid).status()).isEqualTo(200);

    assertError(sms.http().get("/api/v1/nodes/" + uuid), 404, "NODE_NOT_FOUND");
    assertError(sms.http().delete("/api/v1/nodes/" + uuid), 404, "NODE_NOT_FOUND");
    assertError(
        sms.http().postJson("/api/v1/nodes/" + uuid + "/heartbeat", "{}"), 404, "NODE_NOT_FOUND");
  }

  @Test
  void unknownOrMalformedNodeIdsAreNotFound() {
    assertError(sms.http().get("/api/v1/nodes/" + UUID.randomUUID()), 404, "NODE_NOT_FOUND");
    assertError(sms.http().get("/api/v1/nodes/nope"), 404, "NODE_NOT_FOUND");
  }

  @Test
  void badRegistrationsAreRejectedNamingTheFieldAndStoreNothing() {
    assertThat(message(sms.http().postJson("/api/v1/nodes", "{\"port\": 1}")))
        .contains("ip_address");
    assertThat(message(sms.http().postJson("/api/v1/nodes", "{\"ip_address\": \"h\"}")))
        .contains("port");
    assertThat(
            message(
                sms.http().postJson("/api/v1/nodes", "{\"ip_address\": \"h\", \"port\": 70000}")))
        .contains("port");
    assertThat(
            message(
                sms.http()
                    .postJson(
                        "/api/v1/nodes",
                        "{\"ip_address\": \"h\", \"port\": 1, \"http_port\": \"x\"}")))
        .contains("http_port");
    assertError(sms.http().postJson("/api/v1/nodes", "nope"), 400, "INVALID_REQUEST");
    assertThat(sms.http().get("/api/v1/nodes").json().get("total_count").asInt()).isZero();
  }

  @Test
  void listWithAnUnknownStatusIsRejected() {
    assertError(sms.http().get("/api/v1/nodes?status=sleeping"), 400, "INVALID_REQUEST");
  }

  private String register() {
    return sms.http().postJson("/api/v1/nodes", NODE).json().get("node_uuid").asText();
  }

  private String status(String uuid) {
    return sms.http().get("/api/v1/nodes/" + uuid).json().get("node").get("status").asText();
  }

  private static String message(Answer answer) {
    assertError(answer, 400, "INVALID_REQUEST");
    return answer.json().get("message").asText();
  }

  @Test
  void backendsAreListedPerNodeFromWhatEachReported() {
    String reported = "[{\\\"name\\\":\\\"demo\\\",\\\"kind\\\":\\\"stub\\\"}]";
    String withBackends =
        "{\"ip_address\": \"10.0.0.8\", \"port\": 1, \"http_port\": 8081,"
            + " \"metadata\": {\"llm_backends\": \""
            + reported
            + "\"}}";
    String withGarbage =
        "{\"ip_address\": \"10.0.0.9\", \"port\": 1, \"http_port\": 8081,"
            + " \"metadata\": {\"llm_backends\": \"not json\"}}";
    String a = sms.http().postJson("/api/v1/nodes", withBackends).json().get("node_uuid").asText();
    sms.http().postJson("/api/v1/nodes", withGarbage);
    sms.http().postJson("/api/v1/nodes", NODE);

    JsonNode answer = sms.http().get("/api/v1/backends?status=active").json();

    assertThat(answer.get("total_backends").asInt()).isEqualTo(1);
    assertThat(answer.get("nodes")).hasSize(3);
    JsonNode first =
        java.util.stream.StreamSupport.stream(answer.get("nodes").spliterator(), false)
            .filter(n -> n.get("node_uuid").asText().equals(a))
            .findFirst()
            .orElseThrow();
    assertThat(first.get("address").asText()).isEqualTo("10.0.0.8:8081");
    assertThat(first.at("/backends/0/name").asText()).isEqualTo("demo");
    assertThat(sms.http().get("/api/v1/backends?status=offline").json().get("nodes")).isEmpty();
    assertError(sms.http().get("/api/v1/backends?status=sleepy"), 400, "INVALID_REQUEST");
  }
}
