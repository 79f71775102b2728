package io.spear.spearlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.testing.HttpTestClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Spearlet with tokens tells an anonymous caller only whether it is healthy, not its SMS or its
 * node uuid.
 */
class SpearletHealthDisclosureAttackTest {

  private static final String SMS_ADDRESS = "127.0.0.1:1";

  private final String user = TokenRegistry.generateToken();
  private SpearletServer spearlet;
  private HttpTestClient http;

  @BeforeEach
  void start() {
    SpearletConfig node =
        SpearletConfig.defaults().toBuilder().smsHttpAddr(SMS_ADDRESS).httpPort(0).build();
    spearlet =
        SpearletServer.builder(RuntimeConfig.of(node))
            .security(
                ServerSecurity.withTokens(TokenRegistry.empty().with("alice", Role.USER, user)))
            .start();
    http = new HttpTestClient(spearlet.port());
  }

  @AfterEach
  void stop() {
    spearlet.close();
  }

  @Test
  void anonymousHealthShowsOnlyTheStatus() {
    JsonNode anonymous = http.get("/health").json();
    assertThat(anonymous.has("status")).isTrue();
    assertThat(anonymous.has("node_uuid")).isFalse();
    assertThat(anonymous.toString()).doesNotContain(SMS_ADDRESS);

    JsonNode detailed = http.get("/health", Map.of("Authorization", "Bearer " + user)).json();
    assertThat(detailed.path("sms").asText()).isEqualTo(SMS_ADDRESS);
    assertThat(detailed.has("node_uuid")).isTrue();
  }
}
