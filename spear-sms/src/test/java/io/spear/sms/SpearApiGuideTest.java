package io.spear.sms;

import static io.spear.sms.FilesApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.json.Json;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays the requests of SPEAR's API guide ({@code docs/api-usage-guide-en.md}) and the answers
 * its HTTP integration tests expect, against our SMS.
 */
class SpearApiGuideTest {

  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  @RegisterExtension final SmsExtension sms = SmsExtension.create();

  private Answer put(String path, String json) {
    return sms.http().send("PUT", path, json.getBytes(StandardCharsets.UTF_8), JSON);
  }

  private String registerGuideNode() {
    Answer answer =
        sms.http()
            .postJson(
                "/api/v1/nodes",
                """
            {"ip_address": "127.0.0.1", "port": 8081, "http_port": 8080,
             "metadata": {"region": "us-west-1", "zone": "a", "environment": "production"}}
            """);
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().get("message").asText()).isEqualTo("Node registered successfully");
    return answer.json().get("node_uuid").asText();
  }

  @Test
  void healthAnswersHealthyWithServiceAndTimestamp() {
    JsonNode health = sms.http().get("/health").json();

    assertThat(health.get("status").asText()).isEqualTo("healthy");
    assertThat(health.get("service").asText()).isEqualTo("sms");
    assertThat(Instant.parse(health.get("timestamp").asText())).isNotNull();
  }

  @Test
  void nodesAreListedAndFilteredWithSpearsActiveAndInactive() {
    String uuid = registerGuideNode();

    JsonNode all = sms.http().get("/api/v1/nodes").json();
    JsonNode active = sms.http().get("/api/v1/nodes?status=active").json();
    JsonNode inactive = sms.http().get("/api/v1/nodes?status=inactive").json();

    assertThat(all.get("success").asBoolean()).isTrue();
    assertThat(all.get("nodes").get(0).get("uuid").asText()).isEqualTo(uuid);
    assertThat(all.get("nodes").get(0).get("metadata").get("region").asText())
        .isEqualTo("us-west-1");
    assertThat(active.get("nodes")).hasSize(1);
    assertThat(inactive.get("nodes")).isEmpty();
    assertThat(sms.http().get("/api/v1/nodes/" + uuid).json().get("node").get("status").asText())
        .isEqualTo("online");
  }

  @Test
  void aNodeIsUpdatedWithTheGuidesBodyAndTheChangeIsShown() {
    String uuid = registerGuideNode();

    Answer update =
        put(
            "/api/v1/nodes/" + uuid,
            """
            {"ip_address": "192.168.1.100", "port": 8082, "http_port": 8080, "status": "active",
             "metadata": {"region": "us-east-1", "zone": "b"}}
            """);

    assertThat(update.status()).as(update.text()).isEqualTo(200);
    assertThat(update.json().get("success").asBoolean()).isTrue();
    JsonNode node = sms.http().get("/api/v1/nodes/" + uuid).json().get("node");
    assertThat(node.get("ip_address").asText()).isEqualTo("192.168.1.100");
    assertThat(node.get("port").asInt()).isEqualTo(8082);
    assertThat(node.get("status").asText()).isEqualTo("online");
    assertThat(node.get("metadata")).hasSize(2);
    assertThat(node.get("metadata").get("zone").asText()).isEqualTo("b");
  }

  @Test
  void updatingToInactiveTakesTheNodeOfflineAndBadUpdatesChangeNothing() {
    String uuid = registerGuideNode();

    assertThat(put("/api/v1/nodes/" + uuid, "{\"status\": \"inactive\"}").status()).isEqualTo(200);
    assertError(put("/api/v1/nodes/" + uuid, "{\"status\": \"asleep\"}"), 400, "INVALID_REQUEST");
    assertError(put("/api/v1/nodes/" + uuid, "{\"port\": 70000}"), 400, "INVALID_REQUEST");
    assertError(
        put("/api/v1/nodes/" + java.util.UUID.randomUUID(), "{\"port\": 1}"),
        404,
        "NODE_NOT_FOUND");

    JsonNode node = sms.http().get("/api/v1/nodes/" + uuid).json().get("node");
    assertThat(node.get("status").asText()).isEqualTo("offline");
    assertThat(node.get("port").asInt()).isEqualTo(8081);
  }

  @Test
  void resourcesAreStoredShownOnTheNodeAndSummedInClusterStats() {
    String uuid = registerGuideNode();
    String other = registerGuideNode();

    Answer answer =
        put(
            "/api/v1/nodes/" + uuid + "/resource",
            """
            {"cpu_usage_percent": 45.2, "memory_usage_percent": 67.8,
             "total_memory_bytes": 8589934592, "used_memory_bytes": 5825830912,
             "available_memory_bytes": 2764103680, "disk_usage_percent": 78.5,
             "total_disk_bytes": 1099511627776, "used_disk_bytes": 863597383680,
             "network_rx_bytes_per_sec": 1048576, "network_tx_bytes_per_sec": 524288,
             "load_average_1m": 1.25, "load_average_5m": 1.15, "load_average_15m": 1.05,
             "resource_metadata": {"gpu_count": "2", "gpu_memory": "24GB"}}
            """);
    put(
        "/api/v1/nodes/" + other + "/resource",
        """
        {"cpu_usage_percent": 95.0, "memory_usage_percent": 40.0,
         "total_memory_bytes": 1000, "used_memory_bytes": 400}
        """);
    put("/api/v1/nodes/" + other, "{\"status\": \"inactive\"}");

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.json().get("success").asBoolean()).isTrue();
    JsonNode resource = sms.http().get("/api/v1/nodes/" + uuid + "/resource").json();
    assertThat(resource.get("node_uuid").asText()).isEqualTo(uuid);
    assertThat(resource.get("cpu_usage_percent").asDouble()).isEqualTo(45.2);
    assertThat(resource.get("load_average_15m").asDouble()).isEqualTo(1.05);
    assertThat(resource.get("resource_metadata").get("gpu_count").asText()).isEqualTo("2");
    JsonNode shown = sms.http().get("/api/v1/nodes/" + uuid).json().get("node").get("resource");
    assertThat(shown.get("total_disk_bytes").asLong()).isEqualTo(1099511627776L);
    assertThat(sms.http().get("/api/v1/resources").json().get("resources")).hasSize(2);
    JsonNode filtered = sms.http().get("/api/v1/resources?node_uuids=" + other).json();
    assertThat(filtered.get("resources")).hasSize(1);
    assertThat(filtered.get("resources").get(0).get("node_uuid").asText()).isEqualTo(other);

    JsonNode stats = sms.http().get("/api/v1/cluster/stats").json();
    assertThat(stats.get("success").asBoolean()).isTrue();
    JsonNode s = stats.get("stats");
    assertThat(s.get("total_nodes").asInt()).isEqualTo(2);
    assertThat(s.get("active_nodes").asInt()).isEqualTo(1);
    assertThat(s.get("inactive_nodes").asInt()).isEqualTo(1);
    assertThat(s.get("unhealthy_nodes").asInt()).isZero();
    assertThat(s.get("nodes_with_resources").asInt()).isEqualTo(2);
    assertThat(s.get("average_cpu_usage").asDouble()).isCloseTo(70.1, within());
    assertThat(s.get("average_memory_usage").asDouble()).isCloseTo(53.9, within());
    assertThat(s.get("total_memory_bytes").asLong()).isEqualTo(8589934592L + 1000);
    assertThat(s.get("total_used_memory_bytes").asLong()).isEqualTo(5825830912L + 400);
    assertThat(s.get("high_load_nodes").asInt()).isEqualTo(1);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.001);
  }

  @Test
  void badResourceReportsAreRefusedAndUnknownNodesAreNotFound() {
    String uuid = registerGuideNode();

    assertError(
        put("/api/v1/nodes/" + uuid + "/resource", "{\"cpu_usage_percent\": 120}"),
        400,
        "INVALID_REQUEST");
    assertError(
        put("/api/v1/nodes/" + uuid + "/resource", "{\"total_memory_bytes\": \"lots\"}"),
        400,
        "INVALID_REQUEST");
    assertError(sms.http().get("/api/v1/nodes/" + uuid + "/resource"), 404, "NODE_NOT_FOUND");
    assertError(
        put("/api/v1/nodes/" + java.util.UUID.randomUUID() + "/resource", "{}"),
        404,
        "NODE_NOT_FOUND");
  }

  @Test
  void heartbeatsCarryingResourceFieldsUpdateTheNodesResources() {
    String uuid = registerGuideNode();

    sms.http()
        .postJson(
            "/api/v1/nodes/" + uuid + "/heartbeat",
            """
        {"health_info": {"status": "healthy", "uptime": "3600", "cpu_usage_percent": "12.5",
                         "memory_usage_percent": "30", "total_memory_bytes": "2048",
                         "load_average_1m": "0.5"}}
        """);

    JsonNode resource = sms.http().get("/api/v1/nodes/" + uuid + "/resource").json();
    assertThat(resource.get("cpu_usage_percent").asDouble()).isEqualTo(12.5);
    assertThat(resource.get("total_memory_bytes").asLong()).isEqualTo(2048);
    assertThat(resource.get("load_average_1m").asDouble()).isEqualTo(0.5);
  }

  @Test
  void theGuidesTaskRegistrationWorksAndTheTaskCarriesResultFields() {
    // The guide's endpoint is a URL, which SPEAR's own validation ([A-Za-z0-9_-]{1,64}) refuses
    // since the endpoint gateway exists; a name stands in for it.
    String uuid = registerGuideNode();

    Answer registered =
        sms.http()
            .postJson(
                "/api/v1/tasks",
                """
            {"name": "test-task", "description": "Test task", "node_uuid": "%s",
             "endpoint": "test", "version": "1.0.0",
             "capabilities": ["test"], "priority": "medium"}
            """
                    .formatted(uuid));

    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    String taskId = registered.json().get("task_id").asText();
    JsonNode task = sms.http().get("/api/v1/tasks/" + taskId).json();
    assertThat(task.get("priority").asText()).isEqualTo("normal");
    assertThat(task.get("result_uris").isArray()).isTrue();
    assertThat(task.get("result_uris")).isEmpty();
    assertThat(task.get("last_result_uri").asText()).isEmpty();
    assertThat(task.get("last_result_status").asText()).isEmpty();
    assertThat(task.get("last_completed_at").isNumber()).isTrue();
    assertThat(task.get("last_result_metadata").isObject()).isTrue();
  }

  @Test
  void aTasksResultFieldsFollowItsEndedExecutions() {
    String taskId =
        sms.http().postJson("/api/v1/tasks", "{\"name\": \"t\"}").json().get("task_id").asText();
    report(execution("e1", taskId, ExecutionState.COMPLETED, 1_000, 0));
    report(execution("e2", taskId, ExecutionState.FAILED, 5_000, 3));
    report(execution("e3", taskId, ExecutionState.RUNNING, 9_000, null));

    JsonNode task = sms.http().get("/api/v1/tasks/" + taskId).json();

    assertThat(task.get("result_uris"))
        .extracting(JsonNode::asText)
        .containsExactly("/api/v1/executions/e2", "/api/v1/executions/e1");
    assertThat(task.get("last_result_uri").asText()).isEqualTo("/api/v1/executions/e2");
    assertThat(task.get("last_result_status").asText()).isEqualTo("failed");
    assertThat(task.get("last_completed_at").asLong()).isEqualTo(5);
    assertThat(task.get("last_result_metadata").get("exit_code").asText()).isEqualTo("3");
    assertThat(sms.http().get(task.get("last_result_uri").asText()).status()).isEqualTo(200);
  }

  @Test
  void executionsAreListedAcrossTasksWithFilters() {
    report(execution("a1", "task-a", ExecutionState.COMPLETED, 1_000, 0));
    report(execution("a2", "task-a", ExecutionState.FAILED, 2_000, 1));
    report(execution("b1", "task-b", ExecutionState.COMPLETED, 3_000, 0));

    JsonNode all = sms.http().get("/api/v1/executions").json();
    JsonNode ofA = sms.http().get("/api/v1/executions?task_id=task-a").json();
    JsonNode failed = sms.http().get("/api/v1/executions?status=failed").json();
    JsonNode paged = sms.http().get("/api/v1/executions?limit=1&offset=1").json();

    assertThat(all.get("executions"))
        .extracting(e -> e.get("execution_id").asText())
        .containsExactly("b1", "a2", "a1");
    assertThat(ofA.get("total_count").asInt()).isEqualTo(2);
    assertThat(failed.get("executions")).hasSize(1);
    assertThat(paged.get("executions").get(0).get("execution_id").asText()).isEqualTo("a2");
    assertThat(paged.get("total_count").asInt()).isEqualTo(3);
    assertError(sms.http().get("/api/v1/executions?status=sleeping"), 400, "INVALID_REQUEST");
    JsonNode known = sms.http().get("/api/v1/executions/a2/output").json();
    assertThat(known.get("status").asText()).isEqualTo("failed");
    assertThat(known.get("output_available").asBoolean()).isFalse();
    assertError(sms.http().get("/api/v1/executions/zz/output"), 404, "EXECUTION_NOT_FOUND");
  }

  @Test
  void openApiAndSwaggerUiAreWhereTheGuideSays() {
    Answer openApi = sms.http().get("/api/openapi.json");
    Answer swagger = sms.http().get("/swagger-ui/");

    assertThat(openApi.header("Content-Type")).contains("application/json");
    assertThat(openApi.json().get("paths").isObject()).isTrue();
    assertThat(swagger.status()).isEqualTo(200);
    assertThat(swagger.header("Content-Type")).contains("text/html");
    assertThat(swagger.text()).contains("Swagger UI", "openapi.json");
    Answer bundle = sms.http().get("/swagger-ui/swagger-ui-bundle.js");
    assertThat(bundle.status()).isEqualTo(200);
    assertThat(bundle.body().length).isGreaterThan(100_000);
  }

  private void report(ExecutionRecord r) {
    Answer answer =
        sms.http().send("PUT", "/api/v1/executions/" + r.executionId(), Json.writeBytes(r), JSON);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
  }

  private static ExecutionRecord execution(
      String id, String taskId, ExecutionState state, long at, Integer exitCode) {
    return new ExecutionRecord(
        id,
        "inv-" + id,
        taskId,
        "node-1",
        "inst-1",
        "",
        ExecutionMode.SYNC,
        state,
        exitCode,
        null,
        null,
        at,
        at,
        state.terminal() ? at : 0,
        0,
        0,
        false,
        0,
        false,
        "",
        false,
        null,
        null);
  }
}
