package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.testing.HttpTestClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With tokens on, an anonymous {@code /health} says whether the server is healthy and nothing about
 * where its data lives; a caller with a token gets the details.
 */
class HealthDisclosureAttackTest {

  @TempDir Path dir;

  @Test
  void anonymousHealthShowsOnlyTheStatusAndATokenShowsTheDetails() {
    String viewer = TokenRegistry.generateToken();
    try (SmsServer sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(
                ServerSecurity.withTokens(
                    TokenRegistry.empty().with("grafana", Role.VIEWER, viewer)))
            .start()) {
      HttpTestClient http = new HttpTestClient(sms.port());

      JsonNode anonymous = http.get("/health").json();
      assertThat(anonymous.path("status").asText()).isEqualTo("healthy");
      assertThat(anonymous.toString()).doesNotContain(dir.toString()).doesNotContain("data_dir");
      assertThat(anonymous.properties())
          .extracting(Map.Entry::getKey)
          .containsExactlyInAnyOrder("status", "service", "timestamp");
      assertThat(
              http.get("/health", Map.of("Authorization", "Bearer wrong")).json().has("data_dir"))
          .isFalse();

      JsonNode detailed = http.get("/health", Map.of("Authorization", "Bearer " + viewer)).json();
      assertThat(detailed.path("status").asText()).isEqualTo("healthy");
      assertThat(detailed.path("data_dir").asText()).contains(dir.toString());
      assertThat(detailed.has("workers")).isTrue();
    }
  }
}
