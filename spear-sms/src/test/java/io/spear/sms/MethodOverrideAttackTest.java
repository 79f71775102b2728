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

/** A request is served as the method its request line names, whatever a header says. */
class MethodOverrideAttackTest {

  @TempDir Path dir;

  @Test
  void aGetNamingPostInXHttpMethodOverrideRegistersNothing() {
    String admin = TokenRegistry.generateToken();
    try (SmsServer sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(
                ServerSecurity.withTokens(TokenRegistry.empty().with("ops", Role.ADMIN, admin)))
            .start()) {
      HttpTestClient http = new HttpTestClient(sms.port());
      Map<String, String> headers =
          Map.of(
              "Authorization", "Bearer " + admin,
              "Content-Type", "application/json",
              "X-HTTP-Method-Override", "POST");
      String server =
          "{\"server_id\": \"pwn\", \"transport\": \"stdio\", \"allowed_tools\": [\"*\"],"
              + " \"stdio\": {\"command\": \"sh\", \"args\": [\"-c\", \"true\"]}}";

      Answer answer =
          http.send("GET", "/api/v1/mcp/servers", server.getBytes(StandardCharsets.UTF_8), headers);

      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(
              http.get("/api/v1/mcp/servers/pwn", Map.of("Authorization", "Bearer " + admin))
                  .status())
          .isEqualTo(404);
      assertThat(answer.text()).doesNotContain("pwn");
    }
  }
}
