package io.spear.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.model.json.Json;
import io.spear.security.NumericParameters.Location;
import io.spear.security.NumericParameters.Target;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every number a caller or a node may send, on every route of both servers, given the values that
 * break arithmetic: none answers an undocumented 5xx, and afterwards the platform still invokes
 * through SMS and on the Spearlet.
 */
@Timeout(120)
class ExtremeValueFuzzTest {

  /** 0, -1, 2^31, 2^63-1, 1e308, NaN and text, as JSON literals. */
  private static final List<String> JSON_VALUES =
      List.of("0", "-1", "2147483648", "9223372036854775807", "1e308", "NaN", "\"text\"");

  /** The same values as a query or path parameter, or a string-valued metadata entry. */
  private static final List<String> TEXT_VALUES =
      List.of("0", "-1", "2147483648", "9223372036854775807", "1e308", "NaN", "text");

  /** Numbers a Spearlet reports in its heartbeats' health_info, as strings. */
  private static final List<String> HEALTH_NUMBERS =
      List.of(
          "in_flight",
          "instances",
          "cpu_usage_percent",
          "memory_usage_percent",
          "total_memory_bytes",
          "load_average_1m");

  private static final String SENTINEL = "\"__extreme_value__\"";
  private static final String EXECUTION = "fuzz-exec";
  private static final String MCP_SERVER = "fuzz";

  @TempDir Path dir;

  private SecuredPlatform platform;
  private String taskId;
  private String fileId;
  private String decoy;
  private int closedPort;

  @Test
  void everyNumberOfEveryRouteTakesExtremeValuesAndThePlatformStillInvokesAfterwards()
      throws Exception {
    try (SecuredPlatform p = SecuredPlatform.start(dir)) {
      platform = p;
      prepareWorld();
      List<String> problems = new ArrayList<>();
      fuzz(platform.smsHttp, problems);
      fuzz(platform.spearletHttp, problems);
      fuzzNodeMetadata(problems);
      removeEveryNodeButTheRealOne();

      SoftAssertions softly = new SoftAssertions();
      softly.assertThat(problems).as("undocumented 5xx answers").isEmpty();
      for (int i = 0; i < 3; i++) {
        Answer raw = platform.invokeThroughSms(taskId, "still " + i);
        softly
            .assertThat(raw.status())
            .as("SMS raw invocation afterwards: " + raw.text())
            .isEqualTo(200);
        Answer json =
            platform.send(
                platform.smsHttp,
                "POST",
                "/api/v1/invocations",
                "{\"task_id\": \"%s\", \"input_base64\": \"%s\"}"
                    .formatted(taskId, base64("json " + i)),
                "user");
        softly
            .assertThat(json.status())
            .as("SMS JSON invocation afterwards: " + json.text())
            .isEqualTo(200);
      }
      Answer direct =
          platform.spearletHttp.send(
              "POST",
              "/invoke/" + taskId,
              "direct".getBytes(StandardCharsets.UTF_8),
              platform.as("user"));
      softly.assertThat(direct.status()).as("Spearlet invocation afterwards").isEqualTo(200);
      softly.assertThat(direct.text()).isEqualTo("DIRECT");
      softly.assertAll();
    }
  }

  @Test
  void theNumbersFuzzedIncludeQueryPathAndNestedBodyFieldsOfTheDocuments() throws IOException {
    try (var in = SmsServer.class.getResourceAsStream("/openapi/sms.yaml")) {
      List<String> found =
          NumericParameters.of(new YAMLMapper().readTree(in)).stream()
              .map(t -> t.operation() + " " + t.location() + " " + t.name())
              .toList();
      assertThat(found)
          .contains(
              "POST /api/v1/tasks/{id}/invoke QUERY timeout_ms",
              "POST /api/v1/invocations BODY /timeout_ms",
              "GET /api/v1/executions/{id}/logs QUERY cursor",
              "PUT /api/v1/nodes/{uuid}/resource BODY /cpu_usage_percent",
              "POST /api/v1/executions BODY /executions/0/exit_code",
              "POST /api/v1/executions/{id}/logs BODY /lines/0/ts_ms",
              "POST /api/v1/mcp/servers BODY /budgets/tool_timeout_ms");
    }
  }

  /** A task, a file, an execution record, a decoy node and an MCP server to aim the numbers at. */
  private void prepareWorld() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    fileId = platform.upload("echo_upper.c.wasm");
    Answer registered = platform.register("sms+file://" + fileId, List.of(), Map.of());
    taskId = registered.json().get("task_id").asText();
    assertThat(platform.invokeThroughSms(taskId, "warm").text()).isEqualTo("WARM");
    decoy = registerNode(Map.of());
    Answer report =
        admin(platform.smsHttp, "PUT", "/api/v1/executions/" + EXECUTION, executionRecord());
    assertThat(report.status()).as(report.text()).isEqualTo(200);
    Answer mcp = admin(platform.smsHttp, "POST", "/api/v1/mcp/servers", mcpServer());
    assertThat(mcp.status()).as(mcp.text()).isIn(200, 201);
  }

  private String executionRecord() {
    return """
        {"execution_id": "%s", "task_id": "%s", "node_uuid": "%s", "status": "running"}"""
        .formatted(EXECUTION, taskId, decoy);
  }

  private static String mcpServer() {
    return """
        {"server_id": "%s", "transport": "stdio", "allowed_tools": [],
         "stdio": {"command": "true"}}"""
        .formatted(MCP_SERVER);
  }

  /** A node at a closed port, registered by the admin; answers its uuid. */
  private String registerNode(Map<String, String> metadata) {
    Answer answer = registerNodeAnswer(metadata);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json().get("node_uuid").asText();
  }

  /** SMS's answer to registering a node at a closed port, by the admin. */
  private Answer registerNodeAnswer(Map<String, String> metadata) {
    String body =
        "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": %d, \"metadata\": %s}"
            .formatted(closedPort, Json.write(metadata));
    return admin(platform.smsHttp, "POST", "/api/v1/nodes", body);
  }

  /** The well-formed body each operation starts from; the fuzzed number replaces one field. */
  private String baseline(String operation) {
    return switch (operation) {
      case "POST /api/v1/nodes" ->
          "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": %d}".formatted(closedPort);
      case "PUT /api/v1/nodes/{uuid}" -> "{\"ip_address\": \"127.0.0.1\"}";
      case "PUT /api/v1/executions/{id}" -> executionRecord();
      case "POST /api/v1/executions" -> "{\"executions\": [" + executionRecord() + "]}";
      case "POST /api/v1/executions/{id}/logs" ->
          """
          {"lines": [{"ts_ms": 1, "level": "info", "message": "fuzz"}],
           "started": {"node_uuid": "%s", "task_id": "%s", "ts_ms": 1}}"""
              .formatted(decoy, taskId);
      case "POST /api/v1/invocations", "POST /functions/execute" ->
          "{\"task_id\": \"%s\"}".formatted(taskId);
      case "POST /api/v1/mcp/servers" -> mcpServer();
      default -> "{}";
    };
  }

  /** The path with its parameters naming the prepared things. */
  private String fill(String template, Target target, String value) {
    String path = template;
    if (target.location() == Location.PATH) {
      path = path.replace("{" + target.name() + "}", encode(value));
    }
    String id =
        template.startsWith("/api/v1/files/")
            ? fileId
            : template.startsWith("/api/v1/tasks/")
                ? taskId
                : template.startsWith("/api/v1/mcp/")
                    ? MCP_SERVER
                    : template.startsWith("/e/") ? "fuzz" : EXECUTION;
    path = path.replace("{uuid}", decoy).replace("{task_id}", taskId).replace("{id}", id);
    return path.replace("{endpoint}", "fuzz")
        .replace("{namespace}", "fuzz")
        .replace("{key}", "fuzz")
        .replace("{name}", "FUZZ");
  }

  private void fuzz(HttpTestClient http, List<String> problems) {
    List<Target> targets = NumericParameters.of(http.get("/openapi.json").json());
    assertThat(targets).isNotEmpty();
    for (Target target : targets) {
      for (int i = 0; i < TEXT_VALUES.size(); i++) {
        String path = fill(target.path(), target, TEXT_VALUES.get(i));
        String body = baseline(target.operation());
        if (target.location() == Location.QUERY) {
          path += "?" + target.name() + "=" + encode(TEXT_VALUES.get(i));
        } else if (target.location() == Location.BODY) {
          body = withNumber(body, target.name(), JSON_VALUES.get(i));
        }
        boolean hasBody = !target.method().equals("GET") && !target.method().equals("DELETE");
        Answer answer =
            http.send(
                target.method(),
                path,
                hasBody ? body.getBytes(StandardCharsets.UTF_8) : null,
                adminJson());
        check(problems, target.documented5xx(), target.operation(), path, body, answer);
      }
    }
  }

  /**
   * Numbers a node sends in strings: {@code default_timeout_ms} in its registration's metadata (SMS
   * waits for an invocation on that node as long as it says), and its heartbeats' load.
   */
  private void fuzzNodeMetadata(List<String> problems) {
    Set<Integer> invokeDocumented = Set.of(503);
    for (String value : TEXT_VALUES) {
      Answer registered = registerNodeAnswer(Map.of("default_timeout_ms", value));
      if (registered.status() == 400) {
        continue; // refused at the edge: nothing reaches the forwarding client
      }
      assertThat(registered.status()).as(registered.text()).isEqualTo(201);
      String node = registered.json().get("node_uuid").asText();
      Answer pinned =
          platform.send(
              platform.smsHttp,
              "POST",
              "/api/v1/tasks",
              SecuredPlatform.task("sms+file://" + fileId, List.of(), Map.of())
                  .replace(
                      "\"name\": \"attack\"",
                      "\"name\": \"attack\", \"node_uuid\": \"" + node + "\""),
              "user");
      assertThat(pinned.status()).as(pinned.text()).isEqualTo(201);
      String pinnedTask = pinned.json().get("task_id").asText();
      Answer invoked = platform.invokeThroughSms(pinnedTask, "x");
      check(problems, invokeDocumented, "default_timeout_ms=" + value, "invoke", "", invoked);
      admin(platform.smsHttp, "DELETE", "/api/v1/tasks/" + pinnedTask, null);
      admin(platform.smsHttp, "DELETE", "/api/v1/nodes/" + node, null);
    }
    for (String key : HEALTH_NUMBERS) {
      for (String value : TEXT_VALUES) {
        String body = "{\"health_info\": " + Json.write(Map.of(key, value)) + "}";
        Answer answer =
            admin(platform.smsHttp, "POST", "/api/v1/nodes/" + decoy + "/heartbeat", body);
        check(problems, Set.of(), "heartbeat " + key, value, body, answer);
      }
    }
  }

  private void removeEveryNodeButTheRealOne() {
    JsonNode nodes = platform.smsHttp.get("/api/v1/nodes", platform.as("viewer")).json();
    for (JsonNode node : nodes.path("nodes")) {
      String uuid = node.path("uuid").asText();
      if (!uuid.equals(platform.nodeUuid())) {
        assertThat(admin(platform.smsHttp, "DELETE", "/api/v1/nodes/" + uuid, null).status())
            .isEqualTo(200);
      }
    }
  }

  private static void check(
      List<String> problems,
      Set<Integer> documented,
      String operation,
      String path,
      String body,
      Answer answer) {
    if (answer.status() >= 500 && !documented.contains(answer.status())) {
      problems.add(
          operation + " " + path + " " + body + " -> " + answer.status() + " " + answer.text());
    }
  }

  /** {@code json} with the field at {@code pointer} set to the raw literal {@code value}. */
  static String withNumber(String json, String pointer, String value) {
    JsonNode root = Json.tree(json);
    String[] segments = pointer.substring(1).split("/");
    JsonNode parent = root;
    for (int i = 0; i < segments.length - 1; i++) {
      parent = child(parent, segments[i], segments[i + 1].matches("\\d+"));
    }
    String last = segments[segments.length - 1];
    if (parent instanceof ArrayNode array) {
      while (array.size() <= Integer.parseInt(last)) {
        array.addNull();
      }
      array.set(Integer.parseInt(last), Json.tree(SENTINEL));
    } else {
      ((ObjectNode) parent).set(last, Json.tree(SENTINEL));
    }
    return Json.write(root).replace(SENTINEL, value);
  }

  private static JsonNode child(JsonNode parent, String segment, boolean array) {
    if (parent instanceof ArrayNode list) {
      int index = Integer.parseInt(segment);
      while (list.size() <= index) {
        list.addObject();
      }
      return list.get(index);
    }
    ObjectNode object = (ObjectNode) parent;
    JsonNode existing = object.get(segment);
    if (existing != null && (existing.isObject() || existing.isArray())) {
      return existing;
    }
    return array ? object.putArray(segment) : object.putObject(segment);
  }

  private Answer admin(HttpTestClient http, String method, String path, String json) {
    return platform.send(http, method, path, json, "admin");
  }

  private Map<String, String> adminJson() {
    Map<String, String> headers = new LinkedHashMap<>(platform.as("admin"));
    headers.put("Content-Type", "application/json");
    return headers;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
