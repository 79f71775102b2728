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
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP trigger with tokens on both servers: a task's endpoint needs a user's token unless the
 * task says {@code http.public}, through SMS and on the Spearlet alike, and the tokens that let a
 * request in never reach the guest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class HttpTriggerAuthTest {

  private final Map<String, String> tokens = new LinkedHashMap<>();
  private SmsServer sms;
  private SpearletServer spearlet;
  private HttpTestClient smsHttp;
  private HttpTestClient spearletHttp;

  @BeforeAll
  void start(@TempDir Path dir) {
    String nodeToken = TokenRegistry.generateToken();
    String smsToken = TokenRegistry.generateToken();
    Arrays.stream(Role.values()).forEach(r -> tokens.put(r.id(), TokenRegistry.generateToken()));
    TokenRegistry people = TokenRegistry.empty();
    for (Map.Entry<String, String> e : tokens.entrySet()) {
      people = people.with(e.getKey() + "-1", Role.parse(e.getKey()).orElseThrow(), e.getValue());
    }
    sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(
                ServerSecurity.withTokens(people.with("node-a", Role.NODE, nodeToken))
                    .withFailuresPerMinute(1_000_000)
                    .withOutboundToken(Optional.of(smsToken)))
            .start();
    SpearletConfig node =
        SpearletConfig.defaults().toBuilder()
            .smsHttpAddr(sms.httpAddr())
            .httpPort(0)
            .heartbeatInterval(Duration.ofMillis(200))
            .build();
    spearlet =
        SpearletServer.builder(RuntimeConfig.of(node))
            .security(
                ServerSecurity.withTokens(people)
                    .withFailuresPerMinute(1_000_000)
                    .withOutboundToken(Optional.of(nodeToken)))
            .start();
    smsHttp = new HttpTestClient(sms.port());
    spearletHttp = new HttpTestClient(spearlet.port());
    String fileId =
        smsHttp
            .post(
                "/api/v1/files",
                Corpus.bytes("wagi_probe.c.wasm"),
                Map.of("X-File-Name", "wagi.wasm", "Authorization", bearer("user")))
            .json()
            .get("id")
            .asText();
    register(fileId, "closed", Map.of("http.enabled", "true"));
    register(fileId, "open", Map.of("http.enabled", "true", "http.public", "true"));
    register(
        fileId, "closed-creds", Map.of("http.enabled", "true", "http.pass_credentials", "true"));
    register(
        fileId,
        "open-creds",
        Map.of("http.enabled", "true", "http.public", "true", "http.pass_credentials", "true"));
    eventually(() -> assertThat(smsHttp.get("/h/open/hello").status()).isEqualTo(200));
  }

  @AfterAll
  void stop() {
    spearlet.close();
    sms.close();
  }

  private void register(String fileId, String endpoint, Map<String, String> config) {
    String task =
        """
        {"name": "%s", "endpoint": "%s", "version": "1", "config": %s,
         "executable": {"type": "wasm", "uri": "smsfile://%s", "name": "wagi.wasm"}}
        """
            .formatted(endpoint, endpoint, Json.write(config), fileId);
    Answer answer =
        smsHttp.send(
            "POST",
            "/api/v1/tasks",
            task.getBytes(StandardCharsets.UTF_8),
            Map.of("Authorization", bearer("user")));
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  private String bearer(String role) {
    return "Bearer " + tokens.get(role);
  }

  private Map<String, String> as(String role) {
    return Map.of("Authorization", bearer(role));
  }

  @Test
  void aTaskThatIsNotPublicNeedsAUsersTokenThroughSmsAndOnTheSpearlet() {
    for (HttpTestClient http : new HttpTestClient[] {smsHttp, spearletHttp}) {
      assertThat(http.get("/h/closed/hello").status()).isEqualTo(401);
      assertThat(http.get("/h/closed/hello", Map.of("Authorization", "Bearer wrong")).status())
          .isEqualTo(401);
      assertThat(http.get("/h/closed/hello", as("viewer")).status()).isEqualTo(403);
      assertThat(http.get("/h/closed/hello", as("node")).status()).isEqualTo(403);
      assertThat(http.get("/h/closed/hello", as("user")).status()).isEqualTo(200);
      assertThat(http.get("/h/closed/hello", as("admin")).status()).isEqualTo(200);
    }
  }

  @Test
  void anUnknownEndpointAsksForATokenBeforeItSaysNotFound() {
    assertThat(smsHttp.get("/h/nobody/hello").status()).isEqualTo(401);
    assertThat(spearletHttp.get("/h/nobody/hello").status()).isEqualTo(401);
    assertThat(smsHttp.get("/h/nobody/hello", as("user")).status()).isEqualTo(404);
  }

  @Test
  void aPublicTaskAnswersWithoutAToken() {
    for (HttpTestClient http : new HttpTestClient[] {smsHttp, spearletHttp}) {
      Answer answer = http.get("/h/open/hello");
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo("<p>hello from wagi</p>\n");
    }
  }

  @Test
  void theTokenThatLetARequestInNeverReachesTheGuest() {
    String smsSide = smsHttp.get("/h/closed/env", as("user")).text();
    String nodeSide = spearletHttp.get("/h/closed/env", as("user")).text();

    assertThat(smsSide).contains("REQUEST_METHOD=GET").doesNotContain("HTTP_AUTHORIZATION");
    assertThat(nodeSide).contains("REQUEST_METHOD=GET").doesNotContain("HTTP_AUTHORIZATION");
    for (String token : tokens.values()) {
      assertThat(smsSide).doesNotContain(token);
      assertThat(nodeSide).doesNotContain(token);
    }
  }

  @Test
  void throughSmsAnOptedInGuestSeesTheClientsCredentialsNotSmsOwn() {
    Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Basic Y2xpZW50"));

    String env = smsHttp.get("/h/open-creds/env", headers).text();

    assertThat(env).contains("HTTP_AUTHORIZATION=Basic Y2xpZW50\n");
  }

  @Test
  void aTokenThatAdmittedTheRequestStaysOutEvenWhenTheTaskTakesCredentials() {
    Map<String, String> headers = Map.of("Authorization", bearer("user"), "Cookie", "s=1");

    for (HttpTestClient http : new HttpTestClient[] {smsHttp, spearletHttp}) {
      String env = http.get("/h/closed-creds/env", headers).text();
      assertThat(env).contains("HTTP_COOKIE=s=1\n").doesNotContain("HTTP_AUTHORIZATION");
      assertThat(env).doesNotContain(tokens.get("user"));
    }
  }

  @Test
  void onlySmsMayTellTheNodeWhoTheClientIs() {
    Map<String, String> forged =
        Map.of(
            "Authorization", bearer("user"),
            "X-Spear-Forwarded-For", "203.0.113.9",
            "X-Spear-Forwarded-Host", "forged.example:1");

    String env = spearletHttp.get("/h/closed/env", forged).text();

    assertThat(env)
        .contains("REMOTE_ADDR=127.0.0.1\n")
        .doesNotContain("203.0.113.9")
        .doesNotContain("forged.example");
  }
}
