package io.spear.sms.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed authentications count on every replica sharing the database, not once per replica. */
class ReplicaFailureCountAttackTest {

  @TempDir Path dataDir;

  @Test
  void failuresOnOneReplicaCountOnTheOther() {
    String token = TokenRegistry.generateToken();
    ServerSecurity security =
        ServerSecurity.withTokens(TokenRegistry.empty().with("alice", Role.USER, token))
            .withFailuresPerMinute(3);
    SmsConfig config =
        SmsConfig.defaults()
            .withPort(0)
            .withDataDir(dataDir.resolve("unused"))
            .withDatabase(Optional.of(PostgresUrl.parse(TestPostgres.newDatabase())));
    try (SmsServer a = SmsServer.builder(config).security(security).start();
        SmsServer b = SmsServer.builder(config).security(security).start()) {
      HttpTestClient httpA = new HttpTestClient(a.port());
      HttpTestClient httpB = new HttpTestClient(b.port());
      Map<String, String> wrong = Map.of("Authorization", "Bearer wrong");
      for (int i = 0; i < 3; i++) {
        assertThat(httpA.get("/api/v1/tasks", wrong).status()).isEqualTo(401);
      }
      assertThat(httpB.get("/api/v1/tasks", wrong).status()).isEqualTo(429);
      assertThat(httpA.get("/api/v1/tasks", wrong).status()).isEqualTo(429);
      assertThat(httpB.get("/api/v1/tasks", Map.of("Authorization", "Bearer " + token)).status())
          .isEqualTo(200);
    }
  }
}
