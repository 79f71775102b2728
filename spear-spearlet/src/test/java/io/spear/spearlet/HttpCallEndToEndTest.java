package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.spear.egress.EgressPolicy;
import io.spear.model.json.Json;
import io.spear.runtime.RuntimeConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.secret.SecretsKey;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spear.http_call} end to end: our C guest ({@code http_probe}) on a real Spearlet reaches a
 * local HTTP server its node's egress policy lists, and nothing else.
 */
@Timeout(120)
class HttpCallEndToEndTest {

  private static final String SECRET = "sk-http-call-4e1d-DO-NOT-LEAK";

  @TempDir Path dataDir;

  private HttpServer server;
  // Listed in the node's egress policy only by name (localhost:port), never by address.
  private HttpServer listedByName;
  private final BlockingQueue<Map<String, String>> received = new LinkedBlockingQueue<>();
  private final CountDownLatch slowArrived = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private TestPlatform platform;
  private HttpTestClient node;
  private String probe;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
    listedByName = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    listedByName.createContext("/", this::handle);
    listedByName.start();
    platform =
        TestPlatform.over(
            SmsServer.builder(
                    SmsConfig.defaults()
                        .withHost("127.0.0.1")
                        .withPort(0)
                        .withDataDir(dataDir.resolve("sms")))
                .secretsKey(SecretsKey.ofBase64(SecretsKey.generateBase64()))
                .start());
    SpearletServer spearlet =
        SpearletServer.builder(RuntimeConfig.of(platform.nodeConfig()))
            .egress(
                EgressPolicy.of(
                    List.of(
                        "127.0.0.1:" + port(), "localhost:" + listedByName.getAddress().getPort())))
            .start();
    platform.spearlets.add(spearlet);
    node = new HttpTestClient(spearlet.port());
    probe = platform.upload("http_probe.c.wasm");
  }

  @AfterEach
  void stop() {
    release.countDown();
    platform.close();
    server.stop(0);
    listedByName.stop(0);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private String base() {
    return "http://127.0.0.1:" + port();
  }

  private void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getPath();
    received.add(
        Map.of(
            "method", exchange.getRequestMethod(),
            "path", exchange.getRequestURI().toString(),
            "x-test", String.valueOf(exchange.getRequestHeaders().getFirst("X-Test")),
            "x-key", String.valueOf(exchange.getRequestHeaders().getFirst("X-Key")),
            "body", new String(body, StandardCharsets.UTF_8)));
    try (exchange) {
      int status = 200;
      String text = "hello " + exchange.getRequestMethod();
      if (path.equals("/missing")) {
        status = 404;
        text = "not here";
      } else if (path.equals("/redirect")) {
        String to = exchange.getRequestURI().getQuery().substring("to=".length());
        exchange.getResponseHeaders().add("Location", to);
        status = 302;
      } else if (path.equals("/big")) {
        text = "x".repeat(5000);
      } else if (path.equals("/slow")) {
        slowArrived.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private String task(String... args) {
    return task(Map.of(), args);
  }

  private String task(Map<String, String> config, String... args) {
    return platform.registerTask(probe, List.of(args), Map.of(), config);
  }

  private Answer run(String taskId, String request) {
    return node.postJson(
        "/functions/execute",
        "{\"task_id\": \"%s\", \"input_base64\": \"%s\"}"
            .formatted(
                taskId,
                Base64.getEncoder().encodeToString(request.getBytes(StandardCharsets.UTF_8))));
  }

  private static String output(Answer answer) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return new String(
        Base64.getDecoder().decode(answer.json().get("output_base64").asText()),
        StandardCharsets.UTF_8);
  }

  private static JsonNode response(String output) {
    String[] lines = output.split("\n");
    return Json.read(lines[lines.length - 1], JsonNode.class);
  }

  private static String body(JsonNode response) {
    return new String(
        Base64.getDecoder().decode(response.get("body_base64").asText()), StandardCharsets.UTF_8);
  }

  @Test
  void aGuestGetsAndPostsWithHeadersAndBodiesAndA404IsPassedThrough() throws Exception {
    String taskId = task();

    String got =
        output(
            run(
                taskId,
                "{\"url\": \"" + base() + "/echo\", \"headers\": {\"X-Test\": \"from-guest\"}}"));
    assertThat(got).startsWith("rc=0 ");
    assertThat(body(response(got))).isEqualTo("hello GET");
    assertThat(received.poll(5, TimeUnit.SECONDS)).containsEntry("x-test", "from-guest");

    String posted =
        output(
            run(
                taskId,
                "{\"method\": \"POST\", \"url\": \"" + base() + "/echo\", \"body\": \"payload\"}"));
    assertThat(body(response(posted))).isEqualTo("hello POST");
    assertThat(received.poll(5, TimeUnit.SECONDS))
        .containsEntry("method", "POST")
        .containsEntry("body", "payload");

    JsonNode missing = response(output(run(taskId, "{\"url\": \"" + base() + "/missing\"}")));
    assertThat(missing.get("status").asInt()).isEqualTo(404);
    assertThat(body(missing)).isEqualTo("not here");
  }

  @Test
  void aTooSmallBufferIsAnsweredWithTheSizeAndTheRetryIsNotSentAgain() throws Exception {
    String out = output(run(task("64"), "{\"url\": \"" + base() + "/big\"}"));

    String[] lines = out.split("\n");
    assertThat(lines[0]).matches("rc=-28 len=\\d+");
    assertThat(lines[1]).isEqualTo("rc=0 " + lines[0].substring("rc=-28 ".length()));
    assertThat(body(response(out))).hasSize(5000);
    assertThat(received.poll(5, TimeUnit.SECONDS)).containsEntry("path", "/big");
    assertThat(received).isEmpty();
  }

  @Test
  void aRequestTimeoutAndTheExecutionsDeadlineEndSlowCalls() throws Exception {
    String timedOut =
        output(run(task(), "{\"url\": \"" + base() + "/slow\", \"timeout_ms\": 300}"));
    assertThat(timedOut).isEqualTo("rc=-110 len=65536\n");

    long start = System.nanoTime();
    Answer deadline =
        node.postJson(
            "/functions/execute",
            "{\"task_id\": \"%s\", \"timeout_ms\": 700, \"input_base64\": \"%s\"}"
                .formatted(
                    task(),
                    Base64.getEncoder()
                        .encodeToString(
                            ("{\"url\": \"" + base() + "/slow\"}")
                                .getBytes(StandardCharsets.UTF_8))));
    assertThat(deadline.status()).as(deadline.text()).isEqualTo(504);
    assertThat(deadline.json().get("error").asText()).isEqualTo("EXECUTION_TIMEOUT");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(20);
    // The call itself ended at the deadline (timed out, or stopped with its execution).
    String executionId = deadline.json().get("execution_id").asText();
    eventually(
        () ->
            assertThat(node.get("/functions/executions/" + executionId).json().get("log").asText())
                .containsPattern("http_call GET 127\\.0\\.0\\.1 (stopped|.*\\(-110\\))"));
  }

  @Test
  void cancellingAnExecutionEndsItsWaitingCall() throws Exception {
    String executionId =
        node.postJson(
                "/functions/execute",
                "{\"task_id\": \"%s\", \"mode\": \"async\", \"input_base64\": \"%s\"}"
                    .formatted(
                        task(),
                        Base64.getEncoder()
                            .encodeToString(
                                ("{\"url\": \"" + base() + "/slow\"}")
                                    .getBytes(StandardCharsets.UTF_8))))
            .json()
            .get("execution_id")
            .asText();
    assertThat(slowArrived.await(20, TimeUnit.SECONDS)).isTrue();

    Answer cancel =
        node.send("POST", "/functions/executions/" + executionId + "/cancel", null, Map.of());

    assertThat(cancel.json().get("status").asText()).isEqualTo("cancelled");
    eventually(
        () ->
            assertThat(node.get("/functions/executions/" + executionId).json().get("log").asText())
                .contains("http_call GET 127.0.0.1 stopped"));
  }

  @Test
  void unlistedHostsPrivateSpellingsARedirectToMetadataAndAWideningTaskAreRefused()
      throws Exception {
    String taskId = task();
    List<String> refused =
        List.of(
            "http://unlisted.example.com/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://169.254.169.254/latest/meta-data/",
            base()
                + "/redirect?to="
                + URLEncoder.encode("http://169.254.169.254/", StandardCharsets.UTF_8));
    for (String url : refused) {
      boolean follow = url.contains("/redirect");
      Answer answer =
          run(taskId, "{\"url\": \"" + url + "\", \"follow_redirects\": " + follow + "}");
      assertThat(output(answer)).as(url).isEqualTo("rc=-13 len=65536\n");
      assertThat(answer.json().get("log").asText()).as(url).contains("http_call GET", "(-13)");
    }
    assertThat(received.poll(5, TimeUnit.SECONDS))
        .containsEntry("path", "/redirect?to=http%3A%2F%2F169.254.169.254%2F");
    assertThat(received).isEmpty();

    Answer widening =
        platform.smsHttp.postJson(
            "/api/v1/tasks",
            """
            {"name": "wide", "config": {"http.allowed_hosts": "169.254.169.254"},
             "executable": {"type": "wasm", "uri": "sms+file://%s", "name": "p.wasm"}}
            """
                .formatted(probe));
    assertThat(widening.status()).as(widening.text()).isEqualTo(400);
  }

  @Test
  void aHeaderSecretReachesTheServerAndNeverTheGuestItsLogOrItsRecord() throws Exception {
    platform.smsHttp.postJson(
        "/api/v1/secrets",
        "{\"name\": \"API_KEY\", \"value\": \""
            + SECRET
            + "\", \"allowed_hosts\": [\"127.0.0.1:"
            + port()
            + "\"]}");
    platform.smsHttp.postJson(
        "/api/v1/secrets",
        "{\"name\": \"ELSEWHERE\", \"value\": \""
            + SECRET
            + "-2\", \"allowed_hosts\": [\"api.example.com\"]}");
    String taskId = task();

    Answer sent =
        run(
            taskId,
            "{\"url\": \""
                + base()
                + "/echo\", \"headers\": {\"X-Key\": \"k ${secret:API_KEY}\"}}");
    String out = output(sent);
    assertThat(out).startsWith("rc=0 ");
    assertThat(received.poll(5, TimeUnit.SECONDS)).containsEntry("x-key", "k " + SECRET);
    String executionId = sent.json().get("execution_id").asText();

    Answer elsewhere =
        run(
            taskId,
            "{\"url\": \""
                + base()
                + "/echo\", \"headers\": {\"X-Key\": \"${secret:ELSEWHERE}\"}}");
    assertThat(output(elsewhere)).isEqualTo("rc=-13 len=65536\n");
    assertThat(received).isEmpty();

    assertThat(sent.text()).doesNotContain(SECRET);
    assertThat(elsewhere.text()).doesNotContain(SECRET);
    eventually(
        () -> {
          Answer record = platform.smsHttp.get("/api/v1/executions/" + executionId);
          assertThat(record.status()).isEqualTo(200);
          assertThat(record.text()).contains("http_call GET 127.0.0.1 200").doesNotContain(SECRET);
        });
    assertThat(node.get("/functions/executions/" + executionId + "?include_output=true").text())
        .doesNotContain(SECRET);
  }

  @Test
  void aNameTheNodeListsIsRefusedWhenItResolvesToLoopback() throws Exception {
    int port = listedByName.getAddress().getPort();

    Answer answer = run(task(), "{\"url\": \"http://localhost:" + port + "/\"}");

    assertThat(output(answer)).isEqualTo("rc=-13 len=65536\n");
    assertThat(answer.json().get("log").asText())
        .contains("http_call GET localhost:" + port + " localhost:" + port + " (at ")
        .contains(
            "is loopback", "reachable only when egress.allow of the node lists that address itself")
        .contains("(-13)");
    assertThat(received).isEmpty();
  }

  @Test
  void badPointersAreEfault() throws Exception {
    assertThat(output(run(task("badptr"), "{}"))).isEqualTo("rc=-14 len=16\n");
  }
}
