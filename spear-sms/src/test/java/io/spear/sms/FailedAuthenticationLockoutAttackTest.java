package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed authentications from an address (the node's host, a NAT, the load balancer in front of
 * SMS) must not lock out the valid tokens that share it: the limiter throttles failures, not
 * clients.
 */
class FailedAuthenticationLockoutAttackTest {

  @TempDir Path dir;

  private final String userToken = TokenRegistry.generateToken();
  private final String nodeToken = TokenRegistry.generateToken();

  private SmsServer start(int failuresPerMinute) {
    TokenRegistry tokens =
        TokenRegistry.empty()
            .with("alice", Role.USER, userToken)
            .with("node-a", Role.NODE, nodeToken);
    return SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
        .security(ServerSecurity.withTokens(tokens).withFailuresPerMinute(failuresPerMinute))
        .start();
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  @Test
  void sixtyBadRequestsFromLoopbackDoNotLockOutAValidTokenThere() {
    try (SmsServer sms = start(ServerSecurity.DEFAULT_FAILURES_PER_MINUTE)) {
      HttpTestClient http = new HttpTestClient(sms.port());
      String uuid =
          http.send(
                  "POST",
                  "/api/v1/nodes",
                  "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": 1}"
                      .getBytes(StandardCharsets.UTF_8),
                  bearer(nodeToken))
              .json()
              .path("node_uuid")
              .asText();
      for (int i = 0; i < 60; i++) {
        http.get("/api/v1/tasks", i % 2 == 0 ? Map.of() : bearer("wrong"));
      }
      assertThat(http.get("/api/v1/tasks", bearer("wrong")).status())
          .as("the bad token itself is throttled")
          .isEqualTo(429);

      assertThat(http.get("/api/v1/tasks", bearer(userToken)).status()).isEqualTo(200);
      Answer heartbeat =
          http.send(
              "POST",
              "/api/v1/nodes/" + uuid + "/heartbeat",
              "{}".getBytes(StandardCharsets.UTF_8),
              bearer(nodeToken));
      assertThat(heartbeat.status()).as(heartbeat.text()).isEqualTo(200);
    }
  }

  @Test
  void aClientRetryingAStaleTokenIsThrottledByItselfWithRetryAfter() {
    try (SmsServer sms = start(3)) {
      HttpTestClient http = new HttpTestClient(sms.port());
      for (int i = 0; i < 3; i++) {
        assertThat(http.get("/api/v1/tasks", bearer("stale")).status()).isEqualTo(401);
      }
      Answer throttled = http.get("/api/v1/tasks", bearer("stale"));
      assertThat(throttled.status()).isEqualTo(429);
      assertThat(throttled.json().path("error").asText()).isEqualTo("RESOURCE_EXHAUSTED");
      assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);
      assertThat(http.get("/api/v1/tasks").status())
          .as("a client without a token at the same address has its own budget")
          .isEqualTo(401);
    }
  }

  @Test
  void aGuesserTryingTokenAfterTokenIsThrottledAtItsAddress() {
    try (SmsServer sms = start(3)) {
      HttpTestClient http = new HttpTestClient(sms.port());
      int answered401 = 0;
      for (int i = 0; i < 40; i++) {
        if (http.get("/api/v1/tasks", bearer("guess-" + i)).status() == 401) {
          answered401++;
        }
      }
      assertThat(answered401).as("ten times one credential's budget").isEqualTo(30);
      assertThat(http.get("/api/v1/tasks", bearer("guess-next")).status()).isEqualTo(429);
      assertThat(http.get("/api/v1/tasks", bearer(userToken)).status()).isEqualTo(200);
    }
  }
}
