package io.spear.host.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.egress.EgressPolicy;
import io.spear.egress.Resolver;
import io.spear.testing.SelfSignedCertificate;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code http_call} refuses, and how: the egress policy in every address spelling, the one
 * lookup whose address is connected to, TLS on the name, secrets, limits and malformed requests. A
 * refused call never reaches the local server.
 */
@Timeout(60)
class HttpCallPolicyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "s3cr3t-value-9f1c";

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

  private int port() {
    return server.port();
  }

  private HttpCallSession session(EgressPolicy policy, HeaderSecrets secrets) {
    return new HttpCallSession(
        caller, new CallScope(policy, Instant.now().plusSeconds(30), log::add, secrets));
  }

  private HttpCallSession session(EgressPolicy policy) {
    return session(policy, HeaderSecrets.NONE);
  }

  private static HttpCallSession.Answer call(HttpCallSession session, String json) {
    return session.call(json.getBytes(StandardCharsets.UTF_8), 1 << 20);
  }

  private static int errno(HttpCallSession session, String json) {
    try {
      call(session, json);
    } catch (HttpCallFailure f) {
      return f.errno();
    }
    throw new AssertionError("the call succeeded: " + json);
  }

  private static JsonNode response(HttpCallSession.Answer answer) throws Exception {
    return JSON.readTree(((HttpCallSession.Answer.Fits) answer).payload());
  }

  private static String get(String url) {
    return "{\"url\": \"" + url + "\"}";
  }

  // ---- the egress policy

  @Test
  void anUnlistedHostAndEveryPrivateSpellingAreRefusedWithTheRuleInTheLog() throws Exception {
    // Any public host, but no special address: loopback, private and link-local stay out.
    HttpCallSession session = session(EgressPolicy.of(List.of("*", "*:" + port())));
    List<String> urls =
        List.of(
            "http://127.0.0.1:" + port() + "/echo",
            "http://2130706433:" + port() + "/echo",
            "http://0x7f.1:" + port() + "/echo",
            "http://0177.0.0.1:" + port() + "/echo",
            "http://[::ffff:127.0.0.1]:" + port() + "/echo",
            "http://[::1]:" + port() + "/echo",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/",
            "http://0.0.0.0:" + port() + "/echo");
    for (String url : urls) {
      assertThat(errno(session, get(url))).as(url).isEqualTo(HttpCallErrno.EACCES);
    }
    HttpCallSession narrow = session(EgressPolicy.of(List.of("api.example.com")));
    assertThat(errno(narrow, get("http://unlisted.example.org/"))).isEqualTo(HttpCallErrno.EACCES);

    assertThat(server.drain()).isEmpty();
    assertThat(log).hasSize(urls.size() + 1);
    assertThat(log.get(0)).contains("loopback", "egress.allow of the node", "(-13)");
    assertThat(log.get(6)).contains("link-local", "169.254.169.254");
    assertThat(log.get(urls.size()))
        .contains("unlisted.example.org:80 is not allowed by any entry of egress.allow");
  }

  @Test
  void eachSpellingOfAListedAddressReachesIt() throws Exception {
    HttpCallSession session = session(EgressPolicy.of(List.of("127.0.0.1:" + port())));

    for (String host : List.of("2130706433", "0x7f.1", "[::ffff:127.0.0.1]")) {
      assertThat(
              response(call(session, get("http://" + host + ":" + port() + "/echo")))
                  .get("status")
                  .asInt())
          .isEqualTo(200);
      assertThat(server.next().header("Host")).isEqualTo("127.0.0.1:" + port());
    }
  }

  @Test
  void aNameResolvingToLoopbackIsRefusedUnlessTheAddressItselfIsListed() throws Exception {
    HttpCallSession byName = session(EgressPolicy.of(List.of("localhost:" + port())));

    assertThat(errno(byName, get("http://localhost:" + port() + "/echo")))
        .isEqualTo(HttpCallErrno.EACCES);
    assertThat(log.get(0)).contains("localhost:" + port() + " (at 127.0.0.1)", "loopback");
    assertThat(server.drain()).isEmpty();
  }

  @Test
  void theNameIsResolvedOnceAndTheCheckedAddressIsTheOneConnectedTo() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    // A rebinding resolver: the first answer passes the policy, any later one would not.
    Resolver rebinding =
        name ->
            List.of(
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.1.2.3"));
    EgressPolicy policy = EgressPolicy.of(List.of("127.0.0.1:" + port())).withResolver(rebinding);

    JsonNode r = response(call(session(policy), get("http://api.test:" + port() + "/echo")));

    assertThat(r.get("status").asInt()).isEqualTo(200);
    assertThat(lookups).hasValue(1);
    assertThat(server.next().header("Host")).isEqualTo("api.test:" + port());
  }

  @Test
  void aTaskNarrowsTheNodesListAndCannotWidenIt() throws Exception {
    try (LocalHttpServer other = LocalHttpServer.http()) {
      EgressPolicy node =
          EgressPolicy.of(List.of("127.0.0.1:" + port(), "127.0.0.1:" + other.port()));
      HttpCallSession narrowed =
          session(node.narrowedTo(EgressPolicy.rules(List.of("127.0.0.1:" + port()))));

      assertThat(
              response(call(narrowed, get("http://127.0.0.1:" + port() + "/echo")))
                  .get("status")
                  .asInt())
          .isEqualTo(200);
      assertThat(errno(narrowed, get("http://127.0.0.1:" + other.port() + "/echo")))
          .isEqualTo(HttpCallErrno.EACCES);
      assertThat(log.get(1)).contains("http.allowed_hosts of the task");
      assertThat(other.drain()).isEmpty();

      EgressPolicy small = EgressPolicy.of(List.of("127.0.0.1:" + port()));
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> small.narrowedTo(EgressPolicy.rules(List.of("127.0.0.1:" + other.port()))))
          .hasMessageContaining("never widen");
    }
  }

  // ---- TLS

  @Test
  void tlsIsCheckedOnTheNameWhileTheCheckedAddressIsConnectedTo(@TempDir Path dir)
      throws Exception {
    SelfSignedCertificate.create(dir);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("tls.p12"))) {
      store.load(in, "test-password".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "test-password".toCharArray());
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keys.getKeyManagers(), null, null);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, trust.getTrustManagers(), null);

    try (LocalHttpServer https = LocalHttpServer.https(serverTls);
        HttpCaller tlsCaller =
            new HttpCaller(HttpCallLimits.DEFAULTS, metrics, clientTls, InstantSource.system())) {
      Resolver toLoopback = name -> List.of(InetAddress.getByName("127.0.0.1"));
      EgressPolicy policy =
          EgressPolicy.of(List.of("127.0.0.1:" + https.port())).withResolver(toLoopback);
      HttpCallSession session =
          new HttpCallSession(
              tlsCaller,
              new CallScope(policy, Instant.now().plusSeconds(30), log::add, HeaderSecrets.NONE));

      JsonNode ok = response(call(session, get("https://localhost:" + https.port() + "/echo")));
      assertThat(ok.get("status").asInt()).isEqualTo(200);
      assertThat(https.next().header("Host")).isEqualTo("localhost:" + https.port());

      // The same address under a name the certificate does not carry: refused by TLS.
      assertThat(errno(session, get("https://other.test:" + https.port() + "/echo")))
          .isEqualTo(HttpCallErrno.EIO);
      assertThat(log.get(1)).contains("TLS failed");
    }
  }

  // ---- secrets

  private HeaderSecrets secrets(List<String> allowed) {
    return HeaderSecrets.of(
        Map.of(
            "API_KEY", new HeaderSecrets.Secret(SECRET, allowed),
            "LOOSE", new HeaderSecrets.Secret("loose-value", List.of())));
  }

  @Test
  void aSecretInAHeaderReachesTheServerAndNothingElse() throws Exception {
    HttpCallSession session =
        session(
            EgressPolicy.of(List.of("127.0.0.1:" + port())),
            secrets(List.of("127.0.0.1:" + port())));

    HttpCallSession.Answer answer =
        call(
            session,
            "{\"url\": \"http://127.0.0.1:"
                + port()
                + "/echo\", \"headers\": {\"Authorization\": \"Bearer ${secret:API_KEY}\"}}");

    assertThat(server.next().header("Authorization")).isEqualTo("Bearer " + SECRET);
    String payload =
        new String(((HttpCallSession.Answer.Fits) answer).payload(), StandardCharsets.UTF_8);
    assertThat(payload).doesNotContain(SECRET);
    assertThat(String.join("", log)).doesNotContain(SECRET).contains("200");
    assertThat(metrics.getMeters().toString()).doesNotContain(SECRET);
  }

  @Test
  void aSecretIsRefusedTowardsAHostOutsideItsAllowedHostsAndNothingIsSent() throws Exception {
    HttpCallSession session =
        session(
            EgressPolicy.of(List.of("127.0.0.1:" + port())), secrets(List.of("api.example.com")));
    String withKey =
        "{\"url\": \"http://127.0.0.1:"
            + port()
            + "/echo\", \"headers\": {\"X-Key\": \"${secret:API_KEY}\"}}";
    String withLoose =
        "{\"url\": \"http://127.0.0.1:"
            + port()
            + "/echo\", \"headers\": {\"X-Key\": \"${secret:LOOSE}\"}}";
    String withUnknown =
        "{\"url\": \"http://127.0.0.1:"
            + port()
            + "/echo\", \"headers\": {\"X-Key\": \"${secret:NOPE}\"}}";

    assertThat(errno(session, withKey)).isEqualTo(HttpCallErrno.EACCES);
    assertThat(errno(session, withLoose)).isEqualTo(HttpCallErrno.EACCES);
    assertThat(errno(session, withUnknown)).isEqualTo(HttpCallErrno.EACCES);

    assertThat(server.drain()).isEmpty();
    assertThat(log.get(0)).contains("secret API_KEY may not be sent to 127.0.0.1:" + port());
    assertThat(log.get(1)).contains("secret LOOSE lists no allowed_hosts");
    assertThat(log.get(2)).contains("secret NOPE is not available");
    assertThat(String.join("", log)).doesNotContain(SECRET).doesNotContain("loose-value");
  }

  @Test
  void aSecretDoesNotFollowARedirectToAHostOutsideItsAllowedHosts() throws Exception {
    try (LocalHttpServer other = LocalHttpServer.http()) {
      EgressPolicy both =
          EgressPolicy.of(List.of("127.0.0.1:" + port(), "127.0.0.1:" + other.port()));
      HttpCallSession session = session(both, secrets(List.of("127.0.0.1:" + port())));
      String url =
          "http://127.0.0.1:"
              + port()
              + "/redirect?to="
              + java.net.URLEncoder.encode(
                  "http://127.0.0.1:" + other.port() + "/echo", StandardCharsets.UTF_8);

      int errno =
          errno(
              session,
              "{\"url\": \""
                  + url
                  + "\", \"follow_redirects\": true, \"headers\": {\"X-Key\": \"${secret:API_KEY}\"}}");

      assertThat(errno).isEqualTo(HttpCallErrno.EACCES);
      assertThat(server.next().header("X-key")).isEqualTo(SECRET);
      assertThat(other.drain()).isEmpty();
    }
  }

  // ---- limits and malformed requests

  @Test
  void bodiesOverTheNodesLimitsAreRefusedWithEfbig() throws Exception {
    caller.close();
    caller =
        new HttpCaller(
            new HttpCallLimits(16, 100, 10, 4, Duration.ofSeconds(30), Duration.ofMinutes(1), 5),
            metrics);
    HttpCallSession session = session(EgressPolicy.of(List.of("127.0.0.1:" + port())));
    String base = "http://127.0.0.1:" + port();

    assertThat(
            errno(
                session,
                "{\"method\": \"POST\", \"url\": \""
                    + base
                    + "/echo\", \"body\": \""
                    + "x".repeat(17)
                    + "\"}"))
        .isEqualTo(HttpCallErrno.EFBIG);
    assertThat(server.drain()).isEmpty();
    assertThat(errno(session, get(base + "/bytes?n=101"))).isEqualTo(HttpCallErrno.EFBIG);
    assertThat(response(call(session, get(base + "/bytes?n=100"))).get("status").asInt())
        .isEqualTo(200);
    byte[] huge = new byte[(int) session.maxRequestBytes() + 1];
    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                    HttpCallFailure.class, () -> session.call(huge, 100))
                .errno())
        .isEqualTo(HttpCallErrno.EFBIG);
  }

  @Test
  void anExecutionMakesNoMoreCallsThanTheNodeAllows() throws Exception {
    caller.close();
    caller =
        new HttpCaller(
            new HttpCallLimits(1024, 1024, 2, 4, Duration.ofSeconds(30), Duration.ofMinutes(1), 5),
            metrics);
    HttpCallSession session = session(EgressPolicy.of(List.of("127.0.0.1:" + port())));
    String echo = get("http://127.0.0.1:" + port() + "/echo");

    call(session, echo);
    call(session, echo);
    assertThat(errno(session, echo)).isEqualTo(HttpCallErrno.EACCES);

    assertThat(server.drain()).hasSize(2);
    assertThat(log.get(2)).contains("http_call.max_calls_per_execution");
    // Another execution has its own count.
    call(session(EgressPolicy.of(List.of("127.0.0.1:" + port()))), echo);
  }

  @Test
  void malformedRequestsAreRefusedWithEinvalAndSendNothing() {
    HttpCallSession session = session(EgressPolicy.of(List.of("127.0.0.1:" + port())));
    String url = "http://127.0.0.1:" + port() + "/echo";
    List<String> bad = new ArrayList<>();
    bad.add("not json");
    bad.add("[1, 2]");
    bad.add("{}");
    bad.add("{\"url\": 5}");
    bad.add("{\"url\": \"" + url + "\", \"verb\": \"GET\"}");
    bad.add("{\"url\": \"" + url + "\", \"method\": \"G T\"}");
    bad.add("{\"url\": \"" + url + "\", \"method\": \"CONNECT\"}");
    bad.add("{\"url\": \"" + url + "\", \"headers\": {\"Bad Name\": \"x\"}}");
    bad.add("{\"url\": \"" + url + "\", \"headers\": {\"X-A\": \"a\\r\\nX-B: b\"}}");
    bad.add("{\"url\": \"" + url + "\", \"headers\": {\"Host\": \"evil.example\"}}");
    bad.add("{\"url\": \"" + url + "\", \"headers\": {\"X-A\": 5}}");
    bad.add("{\"url\": \"" + url + "\", \"body\": \"a\", \"body_base64\": \"YQ==\"}");
    bad.add("{\"url\": \"" + url + "\", \"body_base64\": \"***\"}");
    bad.add("{\"url\": \"" + url + "\", \"timeout_ms\": 0}");
    bad.add("{\"url\": \"" + url + "\", \"timeout_ms\": \"5s\"}");
    bad.add("{\"url\": \"" + url + "\", \"follow_redirects\": \"yes\"}");
    bad.add("{\"url\": \"" + url + "\", \"headers\": {\"X-A\": \"${secret:1bad}\"}}");
    for (String request : bad) {
      assertThat(errno(session, request)).as(request).isEqualTo(HttpCallErrno.EINVAL);
    }
    assertThat(server.drain()).isEmpty();
  }

  @Test
  void aConnectionRefusedIsEio() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    HttpCallSession session = session(EgressPolicy.of(List.of("127.0.0.1:" + closedPort)));

    assertThat(errno(session, get("http://127.0.0.1:" + closedPort + "/")))
        .isEqualTo(HttpCallErrno.EIO);
    assertThat(log.get(0)).contains("connection failed");
  }

  // ---- what a call leaves behind

  @Test
  void eachCallLeavesOneLogLineWithoutHeaderValuesOrBodiesAndMetricsByHostAndOutcome()
      throws Exception {
    HttpCallSession session = session(EgressPolicy.of(List.of("127.0.0.1:" + port())));

    call(
        session,
        "{\"method\": \"POST\", \"url\": \"http://127.0.0.1:"
            + port()
            + "/missing\", \"headers\": {\"X-Private\": \"header-value-77\"}, \"body\": \"body-text-88\"}");
    errno(session, get("http://10.9.9.9/"));

    assertThat(log).hasSize(2);
    assertThat(log.get(0)).matches("http_call POST 127\\.0\\.0\\.1 404 in \\d+ ms\n");
    assertThat(log.get(1)).startsWith("http_call GET 10.9.9.9 10.9.9.9:80 is private");
    assertThat(String.join("", log))
        .doesNotContain("header-value-77")
        .doesNotContain("body-text-88");
    assertThat(
            metrics
                .get("spear.http_call.calls")
                .tags("host", "127.0.0.1", "outcome", "ok")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            metrics
                .get("spear.http_call.calls")
                .tags("host", "-", "outcome", "refused")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(Base64.getEncoder()).isNotNull();
  }
}
