package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.spear.corpus.Corpus;
import io.spear.http.Route;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.WsTestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node token registers a node at an address of its choosing, so a forged node receives the
 * invocations SMS routes there (by design). What SMS sends it must be worth nothing on any real
 * Spearlet: SMS presents each node the secret it gave that node at registration, which a real
 * Spearlet accepts (as role {@code sms}) only on the routes SMS uses.
 *
 * <p>The deployment is the one the README described before: SMS also configured with a static
 * Spearlet token that every Spearlet lists with role {@code user}; SMS must no longer send it.
 */
@Timeout(60)
class ForgedNodeAttackTest {

  /**
   * The Spearlet routes SMS calls, and the only ones its forwarding identity may use, besides the
   * HTTP trigger it forwards ({@code /h/...}, any method).
   */
  private static final Set<String> SMS_ROUTES =
      Set.of(
          "POST /invoke/{task_id}",
          "POST /functions/execute",
          "GET /functions/executions/{id}",
          "POST /functions/executions/{id}/cancel",
          "GET /api/v1/executions/{id}/streams/ws");

  @TempDir Path dir;

  private final String user = TokenRegistry.generateToken();
  private final String admin = TokenRegistry.generateToken();
  private final String realNodeToken = TokenRegistry.generateToken();
  private final String forgedNodeToken = TokenRegistry.generateToken();
  private final String legacySmsToken = TokenRegistry.generateToken();
  private final List<Captured> captured = new CopyOnWriteArrayList<>();
  private SmsServer sms;
  private SpearletServer spearlet;
  private HttpServer forged;
  private HttpTestClient smsHttp;
  private HttpTestClient nodeHttp;

  private record Captured(String method, String path, String authorization, String body) {}

  @BeforeEach
  void start() throws IOException {
    TokenRegistry people =
        TokenRegistry.empty().with("alice", Role.USER, user).with("ops", Role.ADMIN, admin);
    sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(
                ServerSecurity.withTokens(
                        people
                            .with("node-a", Role.NODE, realNodeToken)
                            .with("node-f", Role.NODE, forgedNodeToken))
                    .withFailuresPerMinute(1_000_000)
                    .withOutboundToken(Optional.of(legacySmsToken)))
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
                ServerSecurity.withTokens(people.with("sms", Role.USER, legacySmsToken))
                    .withFailuresPerMinute(1_000_000)
                    .withOutboundToken(Optional.of(realNodeToken)))
            .start();
    smsHttp = new HttpTestClient(sms.port());
    nodeHttp = new HttpTestClient(spearlet.port());
    forged = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    forged.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          captured.add(
              new Captured(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  new String(body, StandardCharsets.UTF_8)));
          byte[] answer = "{\"execution_id\": \"x\", \"status\": \"running\"}".getBytes();
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    forged.start();
    eventually(() -> assertThat(spearlet.nodeUuid()).isPresent());
  }

  @AfterEach
  void stop() {
    forged.stop(0);
    spearlet.close();
    sms.close();
  }

  @Test
  void whatAForgedNodeReceivesFromSmsIsRefusedOnEveryRouteOfARealSpearlet() {
    String forgedUuid = registerForgedNode();
    String fileId = upload();
    String onForged = registerTask(fileId, forgedUuid, "");
    String onReal = registerTask(fileId, spearlet.nodeUuid().orElseThrow(), "");

    // By design the forged node gets what is routed to it, inputs included...
    Answer raw =
        smsHttp.send("POST", "/api/v1/tasks/" + onForged + "/invoke", bytes("in-1"), as(user));
    assertThat(raw.status()).as(raw.text()).isEqualTo(200);
    smsHttp.send("POST", "/api/v1/invocations", bytes(invocation(onForged)), as(user));
    smsHttp.get("/api/v1/executions/e-1/output?node_uuid=" + forgedUuid, as(user));
    smsHttp.send(
        "POST", "/api/v1/executions/e-1/cancel?node_uuid=" + forgedUuid, bytes("{}"), as(user));
    assertThat(captured).extracting(Captured::body).contains("in-1");
    assertThat(captured).extracting(Captured::path).contains("/functions/executions/e-1/cancel");

    // ...but whatever SMS presented there opens nothing on a real node.
    Set<String> presented = new LinkedHashSet<>();
    captured.forEach(c -> presented.add(c.authorization() == null ? "" : c.authorization()));
    assertThat(presented).isNotEmpty();
    for (String authorization : presented) {
      for (Route route : spearlet.routes()) {
        if (route.isPublic()) {
          continue;
        }
        Answer replayed = replay(route, onReal, authorization);
        assertThat(replayed.status())
            .as("%s replayed on %s: %s", authorization, route.signature(), replayed.text())
            .isIn(401, 403);
      }
    }
  }

  @Test
  void smsForwardingIdentityOpensOnlyTheRoutesSmsUsesOnItsOwnNodeAndNothingOnSms()
      throws Exception {
    String secret = storedSecret(spearlet.nodeUuid().orElseThrow());
    String task = registerTask(upload(), spearlet.nodeUuid().orElseThrow(), "");
    for (Route route : spearlet.routes()) {
      if (route.isPublic()) {
        continue;
      }
      Answer answer = replay(route, task, "Bearer " + secret);
      if (SMS_ROUTES.contains(route.signature()) || route.path().startsWith("/h/")) {
        assertThat(answer.status()).as(route.signature()).isNotIn(401, 403);
      } else {
        assertThat(answer.status()).as(route.signature() + ": " + answer.text()).isEqualTo(403);
      }
    }
    assertThat(smsHttp.get("/api/v1/tasks", Map.of("Authorization", "Bearer " + secret)).status())
        .isEqualTo(401);
  }

  @Test
  void invocationsCancelAndStreamsThroughSmsStillReachARealNode() throws Exception {
    String node = spearlet.nodeUuid().orElseThrow();
    String echo = registerTask(upload(), node, "");
    Answer invoked =
        smsHttp.send("POST", "/api/v1/tasks/" + echo + "/invoke", bytes("hi"), as(user));
    assertThat(invoked.status()).as(invoked.text()).isEqualTo(200);
    assertThat(invoked.text()).contains("HI");

    String spinner = registerTask(upload("infinite_loop.wat.wasm"), node, "");
    String running = startAsync(spinner);
    eventually(
        () ->
            assertThat(smsHttp.get("/api/v1/executions/" + running + "/output", as(user)).status())
                .isEqualTo(200));
    Answer cancelled =
        smsHttp.send("POST", "/api/v1/executions/" + running + "/cancel", bytes("{}"), as(user));
    assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);

    String streams = registerTask(upload("streams_probe.c.wasm"), node, "echo");
    String streaming = startAsync(streams);
    JsonNode[] session = new JsonNode[1];
    eventually(
        () -> {
          Answer answer =
              smsHttp.send(
                  "POST",
                  "/api/v1/executions/" + streaming + "/streams/session",
                  bytes("{}"),
                  as(user));
          assertThat(answer.status()).isEqualTo(200);
          session[0] = answer.json();
        });
    try (WsTestClient client = WsTestClient.connect(session[0].get("ws_url").asText())) {
      client.send(UserStreamsTest.frame(1, "through sms"));
      assertThat(client.next()).isEqualTo(UserStreamsTest.frame(1, "through sms"));
    }
  }

  private String startAsync(String task) {
    Answer started =
        smsHttp.send(
            "POST",
            "/api/v1/invocations",
            bytes("{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(task)),
            as(user));
    assertThat(started.status()).as(started.text()).isIn(200, 202);
    return started.json().get("execution_id").asText();
  }

  private Answer replay(Route route, String taskId, String authorization) {
    String path =
        route
            .path()
            .replace("{task_id}", taskId)
            .replace("{id}", "e-1")
            .replace("{endpoint}", "no-such-endpoint")
            .replace("<path>", "p");
    Map<String, String> headers =
        authorization.isEmpty() ? Map.of() : Map.of("Authorization", authorization);
    byte[] body = route.method().name().equals("GET") ? null : bytes(invocation(taskId));
    return nodeHttp.send(route.method().name(), path, body, headers);
  }

  private String registerForgedNode() {
    int port = forged.getAddress().getPort();
    Answer registered =
        smsHttp.send(
            "POST",
            "/api/v1/nodes",
            bytes(
                "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": %d}".formatted(port)),
            as(forgedNodeToken));
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    return registered.json().get("node_uuid").asText();
  }

  private String upload() {
    return upload("echo_upper.c.wasm");
  }

  private String upload(String fixture) {
    return smsHttp
        .post(
            "/api/v1/files",
            Corpus.bytes(fixture),
            Map.of("X-File-Name", fixture, "Authorization", "Bearer " + user))
        .json()
        .get("id")
        .asText();
  }

  private String registerTask(String fileId, String nodeUuid, String arg) {
    String task =
        """
        {"name": "t", "priority": "normal", "endpoint": "", "version": "1", "node_uuid": "%s",
         "capabilities": ["wasm"], "metadata": {}, "config": {},
         "executable": {"type": "wasm", "uri": "sms+file://%s", "name": "t.wasm",
                        "args": %s, "env": {}}}
        """
            .formatted(nodeUuid, fileId, arg.isEmpty() ? "[]" : "[\"" + arg + "\"]");
    Answer answer = smsHttp.send("POST", "/api/v1/tasks", bytes(task), as(user));
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json().get("task_id").asText();
  }

  private String storedSecret(String nodeUuid) throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("data").resolve("sms.db").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s =
            c.prepareStatement("SELECT forwarding_secret FROM nodes WHERE uuid = ?")) {
      s.setString(1, nodeUuid);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return r.getString(1);
      }
    }
  }

  private static String invocation(String taskId) {
    return "{\"task_id\": \"%s\", \"mode\": \"sync\", \"environment\": {\"INJECTED\": \"yes\"}}"
        .formatted(taskId);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> as(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }
}
