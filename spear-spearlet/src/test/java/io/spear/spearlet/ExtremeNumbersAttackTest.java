package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every number a caller or node supplies, fed the values that once overflowed something (0, -1,
 * 2^31, 2^63-1, 2^64, 1e308, NaN, text): never a 5xx, a 400 naming the parameter for every value
 * out of its range, and afterwards the platform still invokes. Query parameters come from both
 * OpenAPI documents, so a new one is covered without touching this test; body fields are listed.
 */
@Timeout(120)
class ExtremeNumbersAttackTest {

  private static final List<String> VALUES =
      List.of(
          "0",
          "-1",
          "2147483648",
          "9223372036854775807",
          "18446744073709551616",
          "1e308",
          "NaN",
          "text");

  /** Values no numeric parameter accepts. */
  private static final List<String> NEVER_VALID =
      List.of("9223372036854775807", "18446744073709551616", "1e308", "NaN", "text");

  @TempDir Path dataDir;

  @Test
  void everyNumericParameterIsBoundedAndThePlatformStillInvokes() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet = platform.addSpearlet();
      HttpTestClient node = new HttpTestClient(spearlet.port());
      String fileId = platform.upload("echo_upper.c.wasm");
      String taskId = platform.registerSeedTask(fileId, List.of(), Map.of());
      Answer first = invoke(platform, taskId);
      String executionId = first.header("X-Spear-Execution-Id");
      eventually(
          () ->
              assertThat(platform.smsHttp.get("/api/v1/executions/" + executionId).status())
                  .isEqualTo(200));
      String fakeNode =
          platform
              .smsHttp
              .postJson("/api/v1/nodes", "{\"ip_address\": \"127.0.0.1\", \"port\": 1}")
              .json()
              .get("node_uuid")
              .asText();
      Map<String, String> ids =
          Map.of(
              "{id}",
              taskId,
              "{task_id}",
              taskId,
              "{uuid}",
              fakeNode,
              "{file}",
              fileId,
              "{execution}",
              executionId,
              "{namespace}",
              "counters");

      SoftAssertions soft = new SoftAssertions();
      queryParameters(soft, platform.smsHttp, ids);
      queryParameters(soft, node, ids);
      bodyFields(soft, platform.smsHttp, node, taskId, fakeNode);
      soft.assertAll();

      platform.smsHttp.delete("/api/v1/nodes/" + fakeNode);
      for (int i = 0; i < 5; i++) {
        assertThat(invoke(platform, taskId).status()).isEqualTo(200);
      }
      assertThat(platform.smsHttp.get("/health").json().get("status").asText())
          .isEqualTo("healthy");
    }
  }

  /** Every integer query parameter the server's OpenAPI document lists, on its own route. */
  private static void queryParameters(
      SoftAssertions soft, HttpTestClient server, Map<String, String> ids) {
    JsonNode doc = server.get("/api/openapi.json").json();
    int seen = 0;
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        if (!List.of("get", "post", "put", "delete").contains(op.getKey())) {
          continue;
        }
        List<JsonNode> params = new ArrayList<>();
        path.getValue().path("parameters").forEach(params::add);
        op.getValue().path("parameters").forEach(params::add);
        for (JsonNode param : params) {
          JsonNode p = resolve(doc, param);
          if (!p.path("in").asText().equals("query")
              || !p.path("schema").path("type").asText().equals("integer")) {
            continue;
          }
          seen++;
          String route = concrete(path.getKey(), ids);
          String name = p.get("name").asText();
          for (String value : VALUES) {
            Answer answer =
                server.send(
                    op.getKey().toUpperCase(Locale.ROOT),
                    route + "?" + name + "=" + value,
                    new byte[0],
                    Map.of());
            check(soft, op.getKey() + " " + route + "?" + name + "=" + value, name, value, answer);
          }
        }
      }
    }
    soft.assertThat(seen).as("integer query parameters found").isPositive();
  }

  /** The numbers inside JSON bodies, by route. */
  private static void bodyFields(
      SoftAssertions soft, HttpTestClient sms, HttpTestClient node, String taskId, String nodeId) {
    for (String v : VALUES) {
      String number = json(v);
      String text = "\"" + v + "\"";
      post(
          soft,
          sms,
          "timeout_ms",
          v,
          "/api/v1/invocations",
          "{\"task_id\": \"%s\", \"timeout_ms\": %s}".formatted(taskId, number));
      post(
          soft,
          node,
          "timeout_ms",
          v,
          "/functions/execute",
          "{\"task_id\": \"%s\", \"timeout_ms\": %s}".formatted(taskId, number));
      post(
          soft,
          sms,
          "port",
          v,
          "/api/v1/nodes",
          "{\"ip_address\": \"127.0.0.1\", \"port\": %s}".formatted(number));
      post(
          soft,
          sms,
          "http_port",
          v,
          "/api/v1/nodes",
          "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": %s}".formatted(number));
      post(
          soft,
          sms,
          "default_timeout_ms",
          v,
          "/api/v1/nodes",
          "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"metadata\": {\"default_timeout_ms\": %s}}"
              .formatted(text));
      for (String field :
          List.of(
              "in_flight",
              "instances",
              "cpu_usage_percent",
              "total_memory_bytes",
              "load_average_1m")) {
        post(
            soft,
            sms,
            field,
            v,
            "/api/v1/nodes/" + nodeId + "/heartbeat",
            "{\"health_info\": {\"cpu_usage_percent\": \"1\", \"%s\": %s}}".formatted(field, text));
      }
      for (String field :
          List.of(
              "cpu_usage_percent",
              "disk_usage_percent",
              "total_memory_bytes",
              "network_rx_bytes_per_sec",
              "load_average_15m")) {
        send(
            soft,
            sms,
            "PUT",
            field,
            v,
            "/api/v1/nodes/" + nodeId + "/resource",
            "{\"%s\": %s}".formatted(field, number));
      }
      for (String field :
          List.of(
              "created_at_ms",
              "started_at_ms",
              "completed_at_ms",
              "duration_ms",
              "duration_us",
              "output_size",
              "exit_code")) {
        String record =
            "{\"execution_id\": \"fuzz-1\", \"task_id\": \"%s\", \"node_uuid\": \"%s\","
                    .formatted(taskId, nodeId)
                + " \"status\": \"running\", \"%s\": %s}".formatted(field, number);
        send(soft, sms, "PUT", field, v, "/api/v1/executions/fuzz-1", record);
        post(soft, sms, field, v, "/api/v1/executions", "{\"executions\": [" + record + "]}");
      }
      post(
          soft,
          sms,
          "ts_ms",
          v,
          "/api/v1/executions/fuzz-1/logs",
          "{\"lines\": [{\"ts_ms\": %s, \"message\": \"m\"}]}".formatted(number));
      post(
          soft,
          sms,
          "stream.timeout_ms",
          v,
          "/api/v1/tasks",
          ("{\"name\": \"t\", \"config\": {\"stream.timeout_ms\": %s}, \"executable\":"
                  + " {\"type\": \"wasm\", \"uri\": \"sms+file://%s\"}}")
              .formatted(
                  text,
                  sms.get("/api/v1/tasks/" + taskId)
                      .json()
                      .at("/executable/uri")
                      .asText()
                      .substring("sms+file://".length())));
      for (String field : List.of("tool_timeout_ms", "max_concurrency", "max_tool_output_bytes")) {
        post(
            soft,
            sms,
            field,
            v,
            "/api/v1/mcp/servers",
            ("{\"server_id\": \"fuzz\", \"transport\": \"stdio\", \"stdio\": {\"command\": \"c\"},"
                    + " \"budgets\": {\"%s\": %s}}")
                .formatted(field, number));
      }
    }
  }

  private static void post(
      SoftAssertions soft,
      HttpTestClient server,
      String name,
      String value,
      String path,
      String body) {
    send(soft, server, "POST", name, value, path, body);
  }

  private static void send(
      SoftAssertions soft,
      HttpTestClient server,
      String method,
      String name,
      String value,
      String path,
      String body) {
    Answer answer =
        server.send(
            method,
            path,
            body.getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/json"));
    check(soft, method + " " + path + " " + body, name, value, answer);
  }

  private static void check(
      SoftAssertions soft, String what, String name, String value, Answer answer) {
    soft.assertThat(answer.status()).as(what + " → " + answer.text()).isLessThan(500);
    if (NEVER_VALID.contains(value)) {
      soft.assertThat(answer.status()).as(what + " → " + answer.text()).isEqualTo(400);
      // NaN is not JSON: a body holding it is refused as a whole, naming the token.
      String named = value.equals("NaN") && !answer.text().contains(name) ? "NaN" : name;
      soft.assertThat(answer.text()).as(what).contains(named);
    }
  }

  /** The value as a JSON token: numbers as they are, NaN (not JSON) as is, text quoted. */
  private static String json(String value) {
    return value.equals("text") ? "\"text\"" : value;
  }

  private static JsonNode resolve(JsonNode doc, JsonNode param) {
    String ref = param.path("$ref").asText("");
    return ref.isEmpty() ? param : doc.at(ref.substring(1));
  }

  private static String concrete(String path, Map<String, String> ids) {
    String route = path;
    if (route.startsWith("/api/v1/files/")) {
      route = route.replace("{id}", ids.get("{file}"));
    } else if (route.contains("/executions/{id}")) {
      route = route.replace("{id}", ids.get("{execution}"));
    }
    for (Map.Entry<String, String> id : ids.entrySet()) {
      route = route.replace(id.getKey(), id.getValue());
    }
    return route;
  }

  private static Answer invoke(TestPlatform platform, String taskId) {
    return platform.smsHttp.post(
        "/api/v1/tasks/" + taskId + "/invoke", "x".getBytes(StandardCharsets.UTF_8), Map.of());
  }
}
