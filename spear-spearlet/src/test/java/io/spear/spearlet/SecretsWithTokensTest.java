package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.model.json.Json;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.secret.SecretsKey;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets with authentication on: the node resolves a task's secrets with its own node token, for
 * an invocation SMS forwards and for one a user sends to the node directly; the guest gets the
 * value in its environment, the callers never.
 */
class SecretsWithTokensTest {

  private static final String VALUE = "tok-3c1d-secret-with-tokens";

  @TempDir Path dir;

  private final String admin = TokenRegistry.generateToken();
  private final String user = TokenRegistry.generateToken();
  private final String nodeToken = TokenRegistry.generateToken();
  private SmsServer sms;
  private SpearletServer spearlet;
  private HttpTestClient smsHttp;
  private HttpTestClient nodeHttp;

  @BeforeEach
  void start() {
    TokenRegistry people =
        TokenRegistry.empty().with("ops", Role.ADMIN, admin).with("alice", Role.USER, user);
    sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(
                ServerSecurity.withTokens(people.with("node-a", Role.NODE, nodeToken))
                    .withFailuresPerMinute(1_000_000))
            .secretsKey(SecretsKey.ofBase64(SecretsKey.generateBase64()))
            .start();
    spearlet =
        SpearletServer.builder(
                RuntimeConfig.of(
                    SpearletConfig.defaults().toBuilder()
                        .smsHttpAddr(sms.httpAddr())
                        .httpPort(0)
                        .heartbeatInterval(Duration.ofMillis(200))
                        .build()))
            .security(
                ServerSecurity.withTokens(people)
                    .withFailuresPerMinute(1_000_000)
                    .withOutboundToken(Optional.of(nodeToken)))
            .start();
    smsHttp = new HttpTestClient(sms.port());
    nodeHttp = new HttpTestClient(spearlet.port());
  }

  @AfterEach
  void stop() {
    spearlet.close();
    sms.close();
  }

  @Test
  void theNodeResolvesTheSecretWithItsTokenForForwardedAndDirectInvocations() {
    eventually(() -> assertThat(spearlet.nodeUuid()).isPresent());
    Answer created =
        smsHttp.send(
            "POST",
            "/api/v1/secrets",
            ("{\"name\":\"API_KEY\",\"value\":\"" + VALUE + "\"}").getBytes(StandardCharsets.UTF_8),
            as(admin));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String taskId = registerEnvCheck();
    String expected = "API_KEY length=" + VALUE.length() + " fnv1a=" + fnv1a(VALUE) + "\n";

    Answer forwarded =
        smsHttp.send("POST", "/api/v1/tasks/" + taskId + "/invoke", new byte[0], as(user));
    Answer direct = nodeHttp.send("POST", "/invoke/" + taskId, new byte[0], as(user));

    assertThat(forwarded.status()).as(forwarded.text()).isEqualTo(200);
    assertThat(forwarded.text()).isEqualTo(expected);
    assertThat(direct.status()).as(direct.text()).isEqualTo(200);
    assertThat(direct.text()).isEqualTo(expected);
  }

  private String registerEnvCheck() {
    String fileId =
        smsHttp
            .post(
                "/api/v1/files",
                Corpus.bytes("env_check.c.wasm"),
                Map.of("X-File-Name", "env_check.wasm", "Authorization", "Bearer " + user))
            .json()
            .get("id")
            .asText();
    String task =
        Json.write(
            Map.of(
                "name",
                "env-check",
                "executable",
                Map.of(
                    "type",
                    "wasm",
                    "uri",
                    "sms+file://" + fileId,
                    "args",
                    List.of("API_KEY"),
                    "env",
                    Map.of("API_KEY", "${secret:API_KEY}"))));
    Answer registered =
        smsHttp.send("POST", "/api/v1/tasks", task.getBytes(StandardCharsets.UTF_8), as(user));
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    return registered.json().get("task_id").asText();
  }

  private static String fnv1a(String text) {
    int hash = 0x811c9dc5;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 16777619;
    }
    return String.format("%08x", hash);
  }

  private static Map<String, String> as(String token) {
    return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
  }
}
