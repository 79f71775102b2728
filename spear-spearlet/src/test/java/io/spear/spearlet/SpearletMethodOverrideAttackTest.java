package io.spear.spearlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Spearlet serves a request as the method of its request line, whatever a header says. */
class SpearletMethodOverrideAttackTest {

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
  void aGetNamingPostInXHttpMethodOverrideExecutesNothing() {
    Answer answer =
        http.send(
            "GET",
            "/functions/execute",
            "{\"task_id\": \"t\"}".getBytes(StandardCharsets.UTF_8),
            Map.of(
                "Authorization", "Bearer " + user,
                "Content-Type", "application/json",
                "X-HTTP-Method-Override", "POST"));
    assertThat(answer.status()).as(answer.text()).isEqualTo(405);
  }
}
