package io.spear.host.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.egress.EgressPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code http_call} against a real local HTTP server, through the session a guest's calls use. */
@Timeout(60)
class HttpCallTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private LocalHttpServer server;
  private HttpCaller caller;

  @BeforeEach
  void start() throws Exception {
    server = LocalHttpServer.http();
    caller = new HttpCaller(HttpCallLimits.DEFAULTS, metrics);
  }

  @AfterEach
  void stop() {
    caller.close();
    server.close();
  }

  // ---- helpers

  private String base() {
    return "http://127.0.0.1:" + server.port();
  }

  private EgressPolicy loopbackPolicy() {
    return EgressPolicy.of(List.of("127.0.0.1:" + server.port()));
  }

  private HttpCallSession session(EgressPolicy policy) {
    return session(policy, Instant.now().plusSeconds(30), HeaderSecrets.NONE);
  }

  private HttpCallSession session(EgressPolicy policy, Instant deadline, HeaderSecrets secrets) {
    return new HttpCallSession(caller, new CallScope(policy, deadline, log::add, secrets));
  }

  private static HttpCallSession.Answer call(HttpCallSession session, String json) {
    return session.call(json.getBytes(StandardCharsets.UTF_8), 1 << 20);
  }

  private static JsonNode response(HttpCallSession.Answer answer) throws Exception {
    assertThat(answer).isInstanceOf(HttpCallSession.Answer.Fits.class);
    return JSON.readTree(((HttpCallSession.Answer.Fits) answer).payload());
  }

  private static String body(JsonNode response) {
    return new String(
        Base64.getDecoder().decode(response.get("body_base64").asText()), StandardCharsets.UTF_8);
  }

  private static int errno(HttpCallSession session, String json) {
    try {
      call(session, json);
    } catch (HttpCallFailure f) {
      return f.errno();
    }
    throw new AssertionError("the call succeeded");
  }

  private static String get(String url) {
    return "{\"url\": \"" + url + "\"}";
  }

  // ---- answers

  @Test
  void aGetSendsTheGuestsHeadersAndAnswersStatusHeadersAndBody() throws Exception {
    JsonNode r =
        response(
            call(
                session(loopbackPolicy()),
                "{\"url\": \""
                    + base()
                    + "/echo?q=1\", \"headers\": {\"X-Test\": \"yes\", \"Accept\": \"text/plain\"}}"));

    assertThat(r.get("status").asInt()).isEqualTo(200);
    assertThat(body(r)).isEqualTo("hello GET");
    assertThat(r.get("headers").get("x-served-by").asText()).isEqualTo("local");
    assertThat(r.get("headers").get("x-multi").asText()).isEqualTo("a, b");
    LocalHttpServer.Received got = server.next();
    assertThat(got.method()).isEqualTo("GET");
    assertThat(got.path()).isEqualTo("/echo?q=1");
    assertThat(got.header("X-test")).isEqualTo("yes");
    assertThat(got.header("Host")).isEqualTo("127.0.0.1:" + server.port());
  }

  @Test
  void aPostSendsItsBodyGivenInBase64OrAsText() throws Exception {
    HttpCallSession session = session(loopbackPolicy());
    String bytes = Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255});
    JsonNode r =
        response(
            call(
                session,
                "{\"method\": \"post\", \"url\": \""
                    + base()
                    + "/echo\", \"body_base64\": \""
                    + bytes
                    + "\", \"headers\": {\"Content-Type\": \"application/octet-stream\"}}"));
    assertThat(body(r)).isEqualTo("hello POST");
    LocalHttpServer.Received first = server.next();
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.body()).containsExactly(0, 1, 2, 255);
    assertThat(first.header("Content-type")).isEqualTo("application/octet-stream");

    call(session, "{\"method\": \"PUT\", \"url\": \"" + base() + "/echo\", \"body\": \"héllo\"}");
    assertThat(new String(server.next().body(), StandardCharsets.UTF_8)).isEqualTo("héllo");
  }

  @Test
  void a404IsAnAnswerLikeAnyOther() throws Exception {
    JsonNode r = response(call(session(loopbackPolicy()), get(base() + "/missing")));

    assertThat(r.get("status").asInt()).isEqualTo(404);
    assertThat(body(r)).isEqualTo("not here");
  }

  @Test
  void aTooSmallBufferLearnsTheSizeAndItsRetryGetsTheSameResponseWithoutASecondRequest()
      throws Exception {
    HttpCallSession session = session(loopbackPolicy());
    byte[] request = get(base() + "/bytes?n=5000").getBytes(StandardCharsets.UTF_8);

    HttpCallSession.Answer small = session.call(request, 100);

    assertThat(small).isInstanceOf(HttpCallSession.Answer.TooSmall.class);
    int needed = ((HttpCallSession.Answer.TooSmall) small).needed();
    assertThat(needed).isGreaterThan(5000);
    HttpCallSession.Answer retry = session.call(request, needed);
    assertThat(((HttpCallSession.Answer.Fits) retry).payload()).hasSize(needed);
    assertThat(body(response(retry))).hasSize(5000);
    assertThat(server.drain()).hasSize(1);

    // Once delivered, the same request is a new call.
    session.call(request, needed);
    assertThat(server.drain()).hasSize(1);
  }

  @Test
  void anotherRequestAfterATooSmallBufferDropsTheKeptResponse() throws Exception {
    HttpCallSession session = session(loopbackPolicy());
    session.call(get(base() + "/bytes?n=5000").getBytes(StandardCharsets.UTF_8), 10);

    JsonNode r = response(call(session, get(base() + "/echo")));

    assertThat(body(r)).isEqualTo("hello GET");
    assertThat(server.drain())
        .extracting(LocalHttpServer.Received::path)
        .containsExactly("/bytes?n=5000", "/echo");
  }

  // ---- time

  @Test
  void aCallEndsAtItsOwnTimeoutWithEtimedout() throws Exception {
    long start = System.nanoTime();

    int errno =
        errno(session(loopbackPolicy()), "{\"url\": \"" + base() + "/slow\", \"timeout_ms\": 300}");

    assertThat(errno).isEqualTo(HttpCallErrno.ETIMEDOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(log).anyMatch(line -> line.startsWith("http_call GET 127.0.0.1 no answer"));
  }

  @Test
  void theExecutionsDeadlineEndsACallBeforeItsTimeout() throws Exception {
    HttpCallSession session =
        session(loopbackPolicy(), Instant.now().plusMillis(400), HeaderSecrets.NONE);
    long start = System.nanoTime();

    int errno = errno(session, "{\"url\": \"" + base() + "/slow\", \"timeout_ms\": 60000}");

    assertThat(errno).isEqualTo(HttpCallErrno.ETIMEDOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aCallAfterTheDeadlineSendsNothing() throws Exception {
    HttpCallSession session =
        session(loopbackPolicy(), Instant.now().minusSeconds(1), HeaderSecrets.NONE);

    assertThat(errno(session, get(base() + "/echo"))).isEqualTo(HttpCallErrno.ETIMEDOUT);
    assertThat(server.drain()).isEmpty();
  }

  @Test
  void stoppingTheExecutionEndsItsWaitingCallAndKeepsTheInterrupt() throws Exception {
    HttpCallSession session = session(loopbackPolicy());
    java.util.concurrent.CompletableFuture<Object> outcome =
        new java.util.concurrent.CompletableFuture<>();
    Thread guest =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    call(session, get(base() + "/slow"));
                    outcome.complete("answered");
                  } catch (RuntimeException e) {
                    outcome.complete(
                        e.getClass().getSimpleName()
                            + " "
                            + Thread.currentThread().isInterrupted());
                  }
                });
    server.awaitSlowRequest();

    guest.interrupt();

    assertThat(outcome.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo("HttpCallInterrupted true");
    assertThat(log).anyMatch(line -> line.contains("stopped"));
  }

  @Test
  void callsBeyondTheNodesConcurrencyWaitAndTimeOutIfNoneEnds() throws Exception {
    caller.close();
    caller =
        new HttpCaller(
            new HttpCallLimits(1024, 1024, 10, 1, Duration.ofSeconds(30), Duration.ofMinutes(1), 5),
            metrics);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                call(session(loopbackPolicy()), get(base() + "/slow"));
              } catch (RuntimeException e) {
                // ends when the server is released
              }
            });
    server.awaitSlowRequest();

    int errno =
        errno(session(loopbackPolicy()), "{\"url\": \"" + base() + "/echo\", \"timeout_ms\": 300}");

    assertThat(errno).isEqualTo(HttpCallErrno.ETIMEDOUT);
    assertThat(server.drain()).extracting(LocalHttpServer.Received::path).containsExactly("/slow");
    server.release();
  }

  // ---- redirects

  @Test
  void aRedirectIsReturnedUnlessTheRequestAsksToFollowIt() throws Exception {
    String redirect = base() + "/redirect?to=%2Fecho";
    HttpCallSession session = session(loopbackPolicy());

    JsonNode returned = response(call(session, get(redirect)));
    assertThat(returned.get("status").asInt()).isEqualTo(302);
    assertThat(returned.get("headers").get("location").asText()).isEqualTo("/echo");

    JsonNode followed =
        response(call(session, "{\"url\": \"" + redirect + "\", \"follow_redirects\": true}"));
    assertThat(followed.get("status").asInt()).isEqualTo(200);
    assertThat(body(followed)).isEqualTo("hello GET");
  }

  @Test
  void aFollowedRedirectToAPrivateOrUnlistedAddressIsRefusedAndNotSent() throws Exception {
    try (LocalHttpServer other = LocalHttpServer.http()) {
      HttpCallSession session = session(loopbackPolicy());
      for (String target :
          List.of(
              "http://169.254.169.254/latest/meta-data/",
              "http://127.0.0.1:" + other.port() + "/echo",
              "http://0x7f.1:" + other.port() + "/echo",
              "http://[::1]:" + other.port() + "/echo")) {
        String url =
            base() + "/redirect?to=" + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8);

        assertThat(errno(session, "{\"url\": \"" + url + "\", \"follow_redirects\": true}"))
            .as(target)
            .isEqualTo(HttpCallErrno.EACCES);
      }
      assertThat(other.drain()).isEmpty();
      assertThat(log).hasSize(4).allMatch(line -> line.contains("redirect 1 refused: "));
    }
  }

  @Test
  void aPost303BecomesAGetWithoutBodyAndCredentialsDoNotFollowToAnotherOrigin() throws Exception {
    try (LocalHttpServer other = LocalHttpServer.http()) {
      EgressPolicy both =
          EgressPolicy.of(List.of("127.0.0.1:" + server.port(), "127.0.0.1:" + other.port()));
      String url =
          base()
              + "/redirect?status=303&to="
              + java.net.URLEncoder.encode(
                  "http://127.0.0.1:" + other.port() + "/echo", StandardCharsets.UTF_8);

      JsonNode r =
          response(
              call(
                  session(both),
                  "{\"method\": \"POST\", \"url\": \""
                      + url
                      + "\", \"body\": \"data\", \"follow_redirects\": true,"
                      + " \"headers\": {\"Authorization\": \"Bearer t\", \"X-Keep\": \"k\"}}"));

      assertThat(body(r)).isEqualTo("hello GET");
      LocalHttpServer.Received hop = other.next();
      assertThat(hop.method()).isEqualTo("GET");
      assertThat(hop.body()).isEmpty();
      assertThat(hop.header("Authorization")).isNull();
      assertThat(hop.header("X-keep")).isEqualTo("k");
    }
  }

  @Test
  void redirectsBeyondTheNodesLimitEndTheCallWithEio() throws Exception {
    caller.close();
    caller =
        new HttpCaller(
            new HttpCallLimits(1024, 1024, 10, 4, Duration.ofSeconds(30), Duration.ofMinutes(1), 1),
            metrics);
    String second = "/redirect?to=" + enc("/echo");
    String first = base() + "/redirect?to=" + enc(second);

    int errno =
        errno(
            session(loopbackPolicy()), "{\"url\": \"" + first + "\", \"follow_redirects\": true}");

    assertThat(errno).isEqualTo(HttpCallErrno.EIO);
    assertThat(server.drain()).hasSize(2);
  }

  private static String enc(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
