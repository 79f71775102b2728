package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.json.Json;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP trigger end to end (WAGI): a real SMS and Spearlet without tokens, the corpus guest
 * {@code wagi_probe}, and every case asked both through SMS and of the Spearlet directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class HttpTriggerTest {

  /** Where a request enters. */
  enum Side {
    SMS,
    SPEARLET
  }

  private TestPlatform platform;
  private HttpTestClient spearletHttp;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    platform = TestPlatform.start(dataDir);
    spearletHttp = new HttpTestClient(platform.addSpearlet().port());
    String fileId = platform.upload("wagi_probe.c.wasm");
    register(fileId, "probe", Map.of("http.enabled", "true", "http.timeout_ms", "4000"));
    register(fileId, "Creds", Map.of("http.enabled", "true", "http.pass_credentials", "true"));
    register(fileId, "off", Map.of());
    register(
        fileId,
        "single",
        Map.of("http.enabled", "true", "max_concurrency", "1", "http.timeout_ms", "6000"));
    register(
        fileId,
        "limited",
        Map.of("http.enabled", "true", "http.rate_limit", "1", "http.rate_burst", "1"));
    // The node has registered once SMS can forward to it.
    eventually(() -> assertThat(http(Side.SMS).get("/h/probe/hello").status()).isEqualTo(200));
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  private void register(String fileId, String endpoint, Map<String, String> config) {
    platform.smsHttp.postJson(
        "/api/v1/tasks",
        """
        {"name": "%s", "endpoint": "%s", "version": "1", "config": %s,
         "executable": {"type": "wasm", "uri": "smsfile://%s", "name": "wagi.wasm"}}
        """
            .formatted(endpoint, endpoint, Json.write(config), fileId));
  }

  private HttpTestClient http(Side side) {
    return side == Side.SMS ? platform.smsHttp : spearletHttp;
  }

  private int port(Side side) {
    return side == Side.SMS ? platform.sms.port() : platform.spearlets.get(0).port();
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void theGuestsHeaderBlockGivesContentTypeAndTheRestIsTheBody(Side side) {
    Answer answer = http(side).get("/h/probe/hello");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).startsWith("text/html;").contains("charset=utf-8");
    assertThat(answer.text()).isEqualTo("<p>hello from wagi</p>\n");
    assertThat(answer.header("X-Spear-Execution-Id")).isNotBlank();
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void aStatusHeaderSetsTheStatusOtherHeadersAreCopiedAndHopByHopOnesDropped(Side side) {
    Answer answer = http(side).get("/h/probe/status");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.header("X-Probe")).isEqualTo("yes");
    assertThat(answer.header("Content-Type")).isEqualTo("text/plain");
    assertThat(answer.headers().allValues("Transfer-Encoding")).doesNotContain("gzip");
    assertThat(answer.headers().allValues("Connection")).doesNotContain("close");
    assertThat(answer.text()).isEqualTo("nothing here\n");
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void aHeaderBlockWrittenOneByteAtATimeIsReadAsWell(Side side) {
    Answer answer = http(side).post("/h/probe/bytewise", new byte[0], Map.of());

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.header("X-Bytewise")).isEqualTo("yes");
    assertThat(answer.text()).isEqualTo("made\n");
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void aLocationWithoutStatusRedirectsWith302(Side side) {
    Answer answer = http(side).get("/h/probe/redirect");

    assertThat(answer.status()).isEqualTo(302);
    assertThat(answer.header("Location")).isEqualTo("/h/elsewhere");
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void theRequestReachesTheGuestAsCgiVariables(Side side) {
    Map<String, String> env =
        env(
            http(side)
                .send(
                    "PUT",
                    "/h/PROBE/env?a=1&b=two%20words",
                    "abc".getBytes(StandardCharsets.UTF_8),
                    Map.of("X-Custom-Thing", "some value", "Content-Type", "text/x-probe")));

    assertThat(env)
        .containsEntry("GATEWAY_INTERFACE", "CGI/1.1")
        .containsEntry("REQUEST_METHOD", "PUT")
        .containsEntry("SCRIPT_NAME", "/h/probe")
        .containsEntry("PATH_INFO", "/env")
        .containsEntry("QUERY_STRING", "a=1&b=two%20words")
        .containsEntry("CONTENT_TYPE", "text/x-probe")
        .containsEntry("CONTENT_LENGTH", "3")
        .containsEntry("SERVER_NAME", "127.0.0.1")
        .containsEntry("SERVER_PORT", Integer.toString(port(side)))
        .containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
        .containsEntry("REMOTE_ADDR", "127.0.0.1")
        .containsEntry("HTTP_X_CUSTOM_THING", "some value")
        .containsEntry("HTTP_HOST", "127.0.0.1:" + port(side));
    assertThat(env.keySet()).noneMatch(k -> k.startsWith("HTTP_X_SPEAR"));
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void credentialsReachTheGuestOnlyWhenItsTaskOptsIn(Side side) {
    Map<String, String> secrets =
        Map.of(
            "Authorization", "Basic dXNlcjpwYXNz",
            "Cookie", "session=abc",
            "Proxy-Authorization", "Basic eHl6");

    Map<String, String> closed = env(http(side).get("/h/probe/env", secrets));
    Map<String, String> open = env(http(side).get("/h/creds/env", secrets));

    assertThat(closed)
        .doesNotContainKeys("HTTP_AUTHORIZATION", "HTTP_COOKIE", "HTTP_PROXY_AUTHORIZATION");
    assertThat(closed.values()).noneMatch(v -> v.contains("dXNlcjpwYXNz") || v.contains("abc"));
    assertThat(open)
        .containsEntry("HTTP_AUTHORIZATION", "Basic dXNlcjpwYXNz")
        .containsEntry("HTTP_COOKIE", "session=abc");
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void aMebibyteRequestBodyReachesStdinWhole(Side side) {
    byte[] body = new byte[1024 * 1024];
    new Random(23).nextBytes(body);

    Answer answer =
        http(side).post("/h/probe/echo", body, Map.of("Content-Type", "application/octet-stream"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(body);
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void tenMebibytesStreamBackChunked(Side side) {
    int size = 10 * 1024 * 1024;

    Answer answer = http(side).get("/h/probe/big?" + size);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Length")).isNull();
    assertThat(answer.body()).hasSize(size);
    for (int i = 0; i < size; i += 4099) {
      assertThat(answer.body()[i]).isEqualTo((byte) ('a' + (i % 65536) % 26));
    }
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void aMalformedHeaderBlockIsA502NamingTheProblem(Side side) {
    Answer answer = http(side).get("/h/probe/malformed");

    assertThat(answer.status()).isEqualTo(502);
    assertThat(answer.json().get("error").asText()).isEqualTo("GUEST_RESPONSE_INVALID");
    assertThat(answer.json().get("message").asText())
        .contains("line 2 of the header block")
        .contains("this line is no header");
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void outputWithoutAHeaderBlockIsPlainText(Side side) {
    Answer answer = http(side).get("/h/probe/plain");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).startsWith("text/plain");
    assertThat(answer.text()).isEqualTo("just text, no headers\n");
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void aRunawayGuestEndsAtItsTaskTimeoutWith504(Side side) {
    Answer answer = http(side).get("/h/probe/spin");

    assertThat(answer.status()).isEqualTo(504);
    assertThat(answer.json().get("error").asText()).isEqualTo("EXECUTION_TIMEOUT");
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void anEndpointWhoseTaskDidNotEnableHttpIsNotFound(Side side) {
    assertThat(http(side).get("/h/off/hello").status()).isEqualTo(404);
    assertThat(http(side).get("/h/nobody-has-this/hello").status()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void anEndpointPastItsRateLimitIsRefusedWith429(Side side) {
    // One request a second: of three in a row, at least one comes too soon.
    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(http(side).get("/h/limited/plain"));
    }

    assertThat(answers).anyMatch(a -> a.status() == 200);
    Answer refused = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
    assertThat(refused.json().get("error").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(refused.json().get("message").asText()).contains("rate limit");
    assertThat(refused.header("Retry-After")).isNotBlank();
  }

  @Test
  void anEndpointAtItsTasksConcurrencyLimitIsRefusedWith429() throws Exception {
    CompletableFuture<Answer> first =
        CompletableFuture.supplyAsync(() -> platform.smsHttp.get("/h/single/spin"));

    // While the first request's guest spins (6 s), a second one finds no room, on both sides.
    eventually(() -> assertThat(platform.smsHttp.get("/h/single/plain").status()).isEqualTo(429));
    assertThat(spearletHttp.get("/h/single/plain").status()).isEqualTo(429);

    assertThat(first.get().status()).isEqualTo(504);
  }

  @Test
  void smsWithoutAnOnlineNodeAnswersAsForAnInvocation(@TempDir Path otherData) {
    try (TestPlatform alone = TestPlatform.start(otherData)) {
      String fileId = alone.upload("wagi_probe.c.wasm");
      alone.smsHttp.postJson(
          "/api/v1/tasks",
          """
          {"name": "lonely", "endpoint": "lonely", "config": {"http.enabled": "true"},
           "executable": {"type": "wasm", "uri": "smsfile://%s"}}
          """
              .formatted(fileId));

      Answer answer = alone.smsHttp.get("/h/lonely/hello");

      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.json().get("error").asText()).isEqualTo("NO_NODE_AVAILABLE");
    }
  }

  @Test
  void eachRequestIsRecordedAsAnExecution() {
    Answer answer = platform.smsHttp.get("/h/probe/hello");
    String executionId = answer.header("X-Spear-Execution-Id");

    eventually(
        () -> {
          Answer record = platform.smsHttp.get("/api/v1/executions/" + executionId);
          assertThat(record.status()).isEqualTo(200);
          assertThat(record.json().get("status").asText()).isEqualTo("completed");
        });
  }

  /** The {@code /env} probe's lines as a map. */
  private static Map<String, String> env(Answer answer) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    Map<String, String> env = new java.util.TreeMap<>();
    for (String line : answer.text().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }
}
