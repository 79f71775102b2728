package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.http.Route;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.model.api.SpearHeaders;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.RouteAccessCheck;
import io.spear.testing.RouteAccessCheck.RouteSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SMS and a Spearlet that both require tokens, calling each other with their own. */
class AuthenticatedPlatformTest {

  @TempDir Path dir;

  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final String nodeToken = TokenRegistry.generateToken();
  private final String smsToken = TokenRegistry.generateToken();
  private SmsServer sms;
  private SpearletServer spearlet;
  private HttpTestClient smsHttp;
  private TokenRegistry nodePeople;

  @BeforeEach
  void start() {
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
    nodePeople = people.with("sms", Role.USER, smsToken);
    spearlet = startSpearlet();
    smsHttp = new HttpTestClient(sms.port());
  }

  private SpearletServer startSpearlet() {
    SpearletConfig node =
        SpearletConfig.defaults().toBuilder()
            .smsHttpAddr(sms.httpAddr())
            .httpPort(0)
            .heartbeatInterval(Duration.ofMillis(200))
            .build();
    return SpearletServer.builder(
            RuntimeConfig.of(node).withCompiledCodeCache(dir.resolve("node-cache")))
        .security(
            ServerSecurity.withTokens(nodePeople)
                .withFailuresPerMinute(1_000_000)
                .withOutboundToken(Optional.of(nodeToken)))
        .start();
  }

  @AfterEach
  void stop() {
    spearlet.close();
    sms.close();
  }

  private Map<String, String> as(String role) {
    return Map.of("Authorization", "Bearer " + tokens.get(role));
  }

  @Test
  void everySpearletRouteRefusesMissingAndWrongTokensAndOtherRolesButAcceptsItsOwn() {
    List<RouteSpec> specs =
        spearlet.routes().stream()
            .map(
                (Route r) ->
                    new RouteSpec(
                        r.method().name(),
                        r.path(),
                        r.roles().stream().map(Role::id).collect(Collectors.toSet())))
            .toList();
    assertThat(specs).isNotEmpty();
    assertThat(RouteAccessCheck.violations(new HttpTestClient(spearlet.port()), specs, tokens))
        .isEmpty();
  }

  private String registerEcho() {
    eventually(
        () ->
            assertThat(
                    smsHttp.get("/api/v1/nodes", as("viewer")).json().path("total_count").asInt())
                .isEqualTo(1));
    String fileId =
        smsHttp
            .post(
                "/api/v1/files",
                Corpus.bytes("echo_upper.c.wasm"),
                Map.of("X-File-Name", "echo.wasm", "Authorization", "Bearer " + tokens.get("user")))
            .json()
            .get("id")
            .asText();
    String task =
        """
        {"name": "echo", "priority": "normal", "endpoint": "", "version": "1",
         "capabilities": ["wasm"], "metadata": {}, "config": {},
         "executable": {"type": "wasm", "uri": "sms+file://%s", "name": "echo.wasm",
                        "args": [], "env": {}}}
        """
            .formatted(fileId);
    String taskId =
        smsHttp
            .send("POST", "/api/v1/tasks", task.getBytes(StandardCharsets.UTF_8), as("user"))
            .json()
            .get("task_id")
            .asText();
    return taskId;
  }

  @Test
  void aNodeWithItsTokenRegistersDownloadsRunsAndReportsThroughAnAuthenticatedSms() {
    String taskId = registerEcho();

    Answer answer =
        smsHttp.send(
            "POST",
            "/api/v1/tasks/" + taskId + "/invoke",
            "secure".getBytes(StandardCharsets.UTF_8),
            as("user"));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("SECURE");
    String executionId = answer.header("X-Spear-Execution-Id");
    eventually(
        () ->
            assertThat(
                    smsHttp
                        .get("/api/v1/executions/" + executionId, as("viewer"))
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("completed"));
  }

  @Test
  void aClientNamingAVersionCannotMakeARestartedNodeRunATaskSmsDeleted() {
    String taskId = registerEcho();
    Answer first =
        smsHttp.send(
            "POST",
            "/api/v1/tasks/" + taskId + "/invoke",
            "kept".getBytes(StandardCharsets.UTF_8),
            as("user"));
    assertThat(first.status()).as(first.text()).isEqualTo(200);
    long version =
        smsHttp.get("/api/v1/tasks/" + taskId, as("viewer")).json().path("updated_at").asLong();
    assertThat(version).isPositive();
    assertThat(smsHttp.send("DELETE", "/api/v1/tasks/" + taskId, new byte[0], as("user")).status())
        .isEqualTo(200);
    spearlet.close();
    spearlet = startSpearlet();

    Map<String, String> headers = new LinkedHashMap<>(as("user"));
    headers.put(SpearHeaders.TASK_UPDATED_AT, Long.toString(version));
    Answer direct =
        new HttpTestClient(spearlet.port())
            .send("POST", "/invoke/" + taskId, "x".getBytes(StandardCharsets.UTF_8), headers);

    // The node kept the definition of that version, but only SMS may vouch it is current.
    assertThat(direct.status()).as(direct.text()).isEqualTo(404);
    assertThat(direct.text()).contains("TASK_NOT_FOUND");
  }

  @Test
  void aViewerCannotInvokeAndAUserCannotRegisterANode() {
    assertThat(
            smsHttp
                .send(
                    "POST",
                    "/api/v1/invocations",
                    "{}".getBytes(StandardCharsets.UTF_8),
                    as("viewer"))
                .status())
        .isEqualTo(403);
    String register = "{\"ip_address\": \"127.0.0.1\", \"port\": 9, \"http_port\": 9}";
    assertThat(
            smsHttp
                .send(
                    "POST", "/api/v1/nodes", register.getBytes(StandardCharsets.UTF_8), as("user"))
                .status())
        .isEqualTo(403);
  }

  @Test
  void aScheduleRunsThroughSmsForwardingButAClientCannotPassItsCallOffAsAScheduledOne() {
    String taskId = registerEcho();
    String scheduleId =
        smsHttp
            .send(
                "POST",
                "/api/v1/schedules",
                ("{\"task_id\": \"" + taskId + "\", \"every\": \"1s\"}")
                    .getBytes(StandardCharsets.UTF_8),
                as("user"))
            .json()
            .at("/schedule/schedule_id")
            .asText();
    eventually(
        () -> {
          JsonNode runs =
              smsHttp
                  .get("/api/v1/executions?schedule_id=" + scheduleId, as("viewer"))
                  .json()
                  .path("executions");
          assertThat(runs).isNotEmpty();
          assertThat(runs.get(0).path("trigger").asText()).isEqualTo("schedule");
          assertThat(runs.get(0).path("status").asText()).isEqualTo("completed");
        });
    smsHttp.send("DELETE", "/api/v1/schedules/" + scheduleId, new byte[0], as("user"));

    Map<String, String> forged = new LinkedHashMap<>(as("user"));
    forged.put("X-Spear-Trigger", "schedule");
    forged.put("X-Spear-Schedule-Id", scheduleId);
    Answer direct =
        new HttpTestClient(spearlet.port())
            .send(
                "POST",
                "/functions/execute",
                ("{\"task_id\": \"" + taskId + "\", \"input_base64\": \"aGk=\"}")
                    .getBytes(StandardCharsets.UTF_8),
                forged);
    assertThat(direct.status()).as(direct.text()).isEqualTo(200);
    String executionId = direct.json().path("execution_id").asText();
    eventually(
        () -> {
          JsonNode stored = smsHttp.get("/api/v1/executions/" + executionId, as("viewer")).json();
          assertThat(stored.path("status").asText()).isEqualTo("completed");
          assertThat(stored.path("trigger").asText()).isEqualTo("api");
          assertThat(stored.has("schedule_id")).isFalse();
        });
  }
}
