package io.spear.security;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.AiConfig;
import io.spear.corpus.Corpus;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.model.json.Json;
import io.spear.runtime.NodeSecurity;
import io.spear.runtime.NodeSecurity.PreopenRule;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import io.spear.support.net.BearerToken;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform under attack: a real SMS and one real Spearlet on free loopback ports, both
 * requiring tokens, with one token per role (named {@code <role>-1}), a second node identity
 * ({@code node-b}) that registered nothing; SMS reaches the Spearlet with the secret it gave the
 * node at registration, as in a deployment.
 *
 * <p>The failed-attempt limit is raised so that the suites' hundreds of deliberately refused
 * requests from one address test the roles, not the limiter (which has tests of its own).
 */
final class SecuredPlatform implements AutoCloseable {

  /** A limit no suite reaches: refusals must come from the roles. */
  private static final int UNREACHED_FAILURE_LIMIT = 1_000_000;

  /** One valid token per role id ({@code admin}, {@code user}, ...), every role of the code. */
  final Map<String, String> tokens = new LinkedHashMap<>();

  /** A second node token: a node identity that registered no node. */
  final String nodeBToken = TokenRegistry.generateToken();

  final SmsServer sms;
  final SpearletServer spearlet;
  final HttpTestClient smsHttp;
  final HttpTestClient spearletHttp;

  /** What the Spearlet is started with besides its SMS and tokens. */
  record NodeSetup(List<PreopenRule> preopenAllow, AiConfig ai) {

    /** No host directory, no LLM backend. */
    static final NodeSetup PLAIN = new NodeSetup(List.of(), AiConfig.NONE);
  }

  private SecuredPlatform(Path dir, NodeSetup setup) {
    for (Role role : Role.values()) {
      tokens.put(role.id(), TokenRegistry.generateToken());
    }
    String nodeToken = tokens.get(Role.NODE.id());
    TokenRegistry people = TokenRegistry.empty();
    for (Map.Entry<String, String> e : tokens.entrySet()) {
      people = people.with(e.getKey() + "-1", Role.parse(e.getKey()).orElseThrow(), e.getValue());
    }
    sms =
        SmsServer.builder(
                SmsConfig.defaults()
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withDataDir(dir.resolve("sms"))
                    .withNodeHeartbeatTimeout(Duration.ofSeconds(90)))
            .security(
                ServerSecurity.withTokens(people.with("node-b", Role.NODE, nodeBToken))
                    .withFailuresPerMinute(UNREACHED_FAILURE_LIMIT))
            .start();
    SpearletConfig node =
        SpearletConfig.defaults().toBuilder()
            .smsHttpAddr(sms.httpAddr())
            .bindHost("127.0.0.1")
            .httpPort(0)
            .heartbeatInterval(Duration.ofMillis(200))
            .taskRevalidateInterval(Duration.ofMillis(300))
            .build();
    RuntimeConfig runtime =
        RuntimeConfig.of(node)
            .withSecurity(new NodeSecurity(BearerToken.NONE, setup.preopenAllow(), List.of()));
    // No SMS entry: SMS reaches the node with the secret it gave it at registration.
    TokenRegistry spearletTokens = people;
    spearlet =
        SpearletServer.builder(runtime)
            .ai(setup.ai())
            .security(
                ServerSecurity.withTokens(spearletTokens)
                    .withFailuresPerMinute(UNREACHED_FAILURE_LIMIT)
                    .withOutboundToken(Optional.of(nodeToken)))
            .start();
    smsHttp = new HttpTestClient(sms.port());
    spearletHttp = new HttpTestClient(spearlet.port());
    eventually(
        () ->
            assertThat(
                    smsHttp
                        .get("/api/v1/nodes?status=online", as("viewer"))
                        .json()
                        .path("total_count")
                        .asInt())
                .isEqualTo(1));
  }

  /** A platform with a plain node. */
  static SecuredPlatform start(Path dir) {
    return new SecuredPlatform(dir, NodeSetup.PLAIN);
  }

  /** A platform whose node is set up as {@code setup} says. */
  static SecuredPlatform start(Path dir, NodeSetup setup) {
    return new SecuredPlatform(dir, setup);
  }

  /** The Authorization header of {@code role}'s token. */
  Map<String, String> as(String role) {
    return bearer(tokens.get(role));
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  /** The real Spearlet's node uuid on SMS. */
  String nodeUuid() {
    return spearlet.nodeUuid().orElseThrow();
  }

  /** Sends a JSON body as {@code role}. */
  Answer send(HttpTestClient http, String method, String path, String json, String role) {
    Map<String, String> headers = new LinkedHashMap<>(as(role));
    headers.put("Content-Type", "application/json");
    byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
    return http.send(method, path, body, headers);
  }

  /** Uploads a corpus guest as a user; answers its file id. */
  String upload(String fixture) {
    Map<String, String> headers = new LinkedHashMap<>(as("user"));
    headers.put("X-File-Name", fixture);
    Answer answer = smsHttp.post("/api/v1/files", Corpus.bytes(fixture), headers);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  /** The registration document of a task running {@code uri}. */
  static String task(String uri, List<String> args, Map<String, String> config) {
    return """
        {"name": "attack", "priority": "normal", "version": "1", "capabilities": ["wasm"],
         "metadata": {}, "config": %s,
         "executable": {"type": "wasm", "uri": %s, "name": "guest.wasm", "args": %s, "env": {}}}
        """
        .formatted(Json.write(config), Json.write(uri), Json.write(args));
  }

  /** Registers a task as a user; answers the answer (201 with task_id, or a refusal). */
  Answer register(String uri, List<String> args, Map<String, String> config) {
    return send(smsHttp, "POST", "/api/v1/tasks", task(uri, args, config), "user");
  }

  /** Uploads a guest and registers a task for it; answers the task id. */
  String deploy(String fixture, List<String> args, Map<String, String> config) {
    Answer answer = register("sms+file://" + upload(fixture), args, config);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json().get("task_id").asText();
  }

  /** Invokes a task through SMS as a user, the body as its stdin. */
  Answer invokeThroughSms(String taskId, String stdin) {
    return smsHttp.send(
        "POST",
        "/api/v1/tasks/" + taskId + "/invoke",
        stdin.getBytes(StandardCharsets.UTF_8),
        as("user"));
  }

  /** Starts an asynchronous invocation through SMS as a user; answers the execution id. */
  String startAsync(String taskId) {
    Answer answer =
        send(
            smsHttp,
            "POST",
            "/api/v1/invocations",
            "{\"task_id\": \"" + taskId + "\", \"mode\": \"async\"}",
            "user");
    assertThat(answer.status()).as(answer.text()).isIn(200, 202);
    return answer.json().get("execution_id").asText();
  }

  /** SMS's record of an execution. */
  JsonNode execution(String executionId) {
    return smsHttp.get("/api/v1/executions/" + executionId, as("viewer")).json();
  }

  @Override
  public void close() {
    spearlet.close();
    sms.close();
  }
}
