package io.spear.sms;

import static io.spear.sms.FilesApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient.Answer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TasksApiTest {

  /** The seed document's registration JSON, verbatim but for the file id. */
  static String seedTask(String uri) {
    return """
        {
          "name": "hello-wasm",
          "priority": "normal",
          "endpoint": "",
          "version": "1.0.0",
          "capabilities": ["wasm"],
          "metadata": {},
          "config": {},
          "executable": {
            "type": "wasm",
            "uri": "%s",
            "name": "hello.wasm",
            "args": [],
            "env": {}
          }
        }
        """
        .formatted(uri);
  }

  @RegisterExtension final SmsExtension sms = SmsExtension.create();

  /** Uploads a (distinct) module file; answers its {@code sms+file://} URI. */
  private String uploadedModule() {
    byte[] body = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return sms.http().post("/api/v1/files", body, java.util.Map.of()).json().get("uri").asText();
  }

  @Test
  void seedRegistrationIsAcceptedAsIs() {
    Answer answer = sms.http().postJson("/api/v1/tasks", seedTask(uploadedModule()));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().get("success").asBoolean()).isTrue();
    assertThat(answer.json().get("task_id").asText()).isNotBlank();
    assertThat(answer.json().get("message").asText()).isNotBlank();
  }

  @Test
  void aTaskDocumentOfMegabytesIsRefusedAndNothingStored() {
    String huge =
        seedTask(uploadedModule())
            .replace(
                "\"metadata\": {}", "\"metadata\": {\"pad\": \"" + "x".repeat(2_000_000) + "\"}");
    Answer answer = sms.http().postJson("/api/v1/tasks", huge);
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.json().get("error").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(sms.http().get("/api/v1/tasks").json().get("total_count").asInt()).isZero();
  }

  @Test
  void getReturnsEverythingRegisteredPlusStatusAndTimestamps() {
    String json =
        """
        {"name": "full", "description": "does things", "priority": "high", "endpoint": "Full",
         "version": "2.1.0", "capabilities": ["wasm", "gpu"], "node_uuid": "n-1",
         "metadata": {"team": "a", "replicas": 3}, "config": {"memory_limit_bytes": "1048576"},
         "executable": {"type": "wasm", "uri": "smsfile://10.0.0.1:8080/abc",
                        "name": "full.wasm", "checksum_sha256": "%s",
                        "args": ["-v", "x"], "env": {"K": "V"}}}
        """
            .formatted("AB".repeat(32));
    String id = sms.http().postJson("/api/v1/tasks", json).json().get("task_id").asText();

    JsonNode task = sms.http().get("/api/v1/tasks/" + id).json();

    assertThat(task.get("task_id").asText()).isEqualTo(id);
    assertThat(task.get("name").asText()).isEqualTo("full");
    assertThat(task.get("description").asText()).isEqualTo("does things");
    assertThat(task.get("status").asText()).isEqualTo("registered");
    assertThat(task.get("priority").asText()).isEqualTo("high");
    // Lower-cased, as SPEAR.
    assertThat(task.get("endpoint").asText()).isEqualTo("full");
    assertThat(task.get("version").asText()).isEqualTo("2.1.0");
    assertThat(task.get("node_uuid").asText()).isEqualTo("n-1");
    assertThat(task.get("capabilities").toString()).isEqualTo("[\"wasm\",\"gpu\"]");
    assertThat(task.get("metadata").get("replicas").asText()).isEqualTo("3");
    assertThat(task.get("config").get("memory_limit_bytes").asText()).isEqualTo("1048576");
    JsonNode executable = task.get("executable");
    assertThat(executable.get("type").asText()).isEqualTo("wasm");
    assertThat(executable.get("uri").asText()).isEqualTo("smsfile://10.0.0.1:8080/abc");
    assertThat(executable.get("name").asText()).isEqualTo("full.wasm");
    assertThat(executable.get("checksum_sha256").asText()).isEqualTo("ab".repeat(32));
    assertThat(executable.get("args").toString()).isEqualTo("[\"-v\",\"x\"]");
    assertThat(executable.get("env").get("K").asText()).isEqualTo("V");
    assertThat(task.get("registered_at").asLong()).isPositive();
    assertThat(task.get("updated_at").asLong()).isPositive();
  }

  @Test
  void everySmsFileUriSpellingIsAcceptedForWasm() {
    for (String uri :
        new String[] {
          uploadedModule(),
          "sms+file://127.0.0.1:8080/abc-1",
          uploadedModule().replace("sms+file://", "smsfile://")
        }) {
      assertThat(sms.http().postJson("/api/v1/tasks", seedTask(uri)).status())
          .as(uri)
          .isEqualTo(201);
    }
  }

  @Test
  void wasmTaskWithAnUnsupportedUriSchemeIsRejectedNamingTheField() {
    Answer answer = sms.http().postJson("/api/v1/tasks", seedTask("https://example.com/m.wasm"));

    assertError(answer, 400, "INVALID_REQUEST");
    assertThat(answer.json().get("message").asText()).contains("executable.uri", "https");
    assertNoTasks();
  }

  @Test
  void wasmTaskWithMalformedSmsFileUriIsRejected() {
    assertError(
        sms.http().postJson("/api/v1/tasks", seedTask("sms+file://")), 400, "INVALID_REQUEST");
    assertError(
        sms.http().postJson("/api/v1/tasks", seedTask("sms+file://h:1/a/b")),
        400,
        "INVALID_REQUEST");
    assertNoTasks();
  }

  @Test
  void nonWasmTaskMayUseAnyUriScheme() {
    String json =
        """
        {"name": "bin", "executable": {"type": "binary", "uri": "s3://bucket/tool"}}
        """;
    assertThat(sms.http().postJson("/api/v1/tasks", json).status()).isEqualTo(201);
  }

  @Test
  void malformedJsonIsRejected() {
    assertError(sms.http().postJson("/api/v1/tasks", "{\"name\": "), 400, "INVALID_REQUEST");
    assertError(sms.http().postJson("/api/v1/tasks", "[1,2]"), 400, "INVALID_REQUEST");
    assertError(sms.http().postJson("/api/v1/tasks", ""), 400, "INVALID_REQUEST");
    assertNoTasks();
  }

  @Test
  void missingNameIsRejectedNamingTheField() {
    Answer answer = sms.http().postJson("/api/v1/tasks", "{\"version\": \"1\"}");

    assertError(answer, 400, "INVALID_REQUEST");
    assertThat(answer.json().get("message").asText()).startsWith("name");
    assertError(sms.http().postJson("/api/v1/tasks", "{\"name\": \"  \"}"), 400, "INVALID_REQUEST");
    assertError(sms.http().postJson("/api/v1/tasks", "{\"name\": 7}"), 400, "INVALID_REQUEST");
    assertNoTasks();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "max_concurrency    | 0",
        "max_concurrency    | twelve",
        "memory_limit_bytes | -1",
        "max_memory_pages   | 1e6",
        "stream.timeout_ms  | 86400001",
        "mcp.enabled        | maybe",
        "wasi.preopen       | /data=",
      })
  void aConfigValueThePlatformCannotUseIsRefusedAtRegistrationNamingTheKey(String key, String bad) {
    String uri = uploadedModule();
    String json =
        seedTask(uri).replace("\"config\": {}", "\"config\": {\"" + key + "\": \"" + bad + "\"}");

    Answer registered = sms.http().postJson("/api/v1/tasks", json);

    assertError(registered, 400, "INVALID_REQUEST");
    assertThat(registered.json().get("message").asText()).contains("config." + key);
    assertNoTasks();
    String taskId =
        sms.http().postJson("/api/v1/tasks", seedTask(uri)).json().get("task_id").asText();
    Answer updated =
        sms.http()
            .send(
                "PUT",
                "/api/v1/tasks/" + taskId,
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Map.of("Content-Type", "application/json"));
    assertError(updated, 400, "INVALID_REQUEST");
    assertThat(updated.json().get("message").asText()).contains("config." + key);
  }

  @Test
  void unknownExecutableTypeIsRejectedNamingTheField() {
    Answer answer =
        sms.http()
            .postJson(
                "/api/v1/tasks",
                "{\"name\": \"x\", \"executable\": {\"type\": \"jar\", \"uri\": \"\"}}");

    assertError(answer, 400, "INVALID_REQUEST");
    assertThat(answer.json().get("message").asText()).contains("executable.type", "jar");
    assertNoTasks();
  }

  @Test
  void priorityOutsideTheKnownOnesIsRejectedNamingTheField() {
    Answer answer =
        sms.http().postJson("/api/v1/tasks", "{\"name\": \"x\", \"priority\": \"asap\"}");

    assertError(answer, 400, "INVALID_REQUEST");
    assertThat(answer.json().get("message").asText())
        .contains("priority", "low", "normal", "high", "urgent");
    assertNoTasks();
  }

  @Test
  void wronglyShapedFieldsAreRejectedNamingTheField() {
    assertThat(
            sms.http()
                .postJson("/api/v1/tasks", "{\"name\": \"x\", \"capabilities\": \"wasm\"}")
                .json()
                .get("message")
                .asText())
        .contains("capabilities");
    assertThat(
            sms.http()
                .postJson("/api/v1/tasks", "{\"name\": \"x\", \"metadata\": {\"a\": {\"b\": 1}}}")
                .json()
                .get("message")
                .asText())
        .contains("metadata.a");
    assertThat(
            sms.http()
                .postJson(
                    "/api/v1/tasks",
                    "{\"name\": \"x\", \"executable\": {\"type\": \"wasm\","
                        + " \"uri\": \"sms+file://a\", \"args\": [1]}}")
                .json()
                .get("message")
                .asText())
        .contains("executable.args");
    assertNoTasks();
  }

  @Test
  void takenEndpointIsAConflictAndTheFirstTaskKeepsIt() {
    String first =
        sms.http()
            .postJson("/api/v1/tasks", "{\"name\": \"a\", \"endpoint\": \"e\"}")
            .json()
            .get("task_id")
            .asText();

    Answer second = sms.http().postJson("/api/v1/tasks", "{\"name\": \"b\", \"endpoint\": \"E\"}");

    assertError(second, 409, "ENDPOINT_CONFLICT");
    assertThat(sms.http().get("/api/v1/tasks").json().get("total_count").asLong()).isEqualTo(1);
    assertThat(sms.http().get("/api/v1/tasks").json().get("tasks").get(0).get("task_id").asText())
        .isEqualTo(first);
  }

  @Test
  void endpointsThatAreNotNamesAreRejected() {
    for (String bad : List.of("/e", "a b", "x".repeat(65), "http://h/p")) {
      Answer answer =
          sms.http()
              .postJson("/api/v1/tasks", "{\"name\": \"a\", \"endpoint\": \"%s\"}".formatted(bad));
      assertError(answer, 400, "INVALID_REQUEST");
    }
  }

  @Test
  void emptyEndpointsNeverConflict() {
    sms.http().postJson("/api/v1/tasks", "{\"name\": \"a\", \"endpoint\": \"\"}");
    assertThat(
            sms.http().postJson("/api/v1/tasks", "{\"name\": \"b\", \"endpoint\": \"\"}").status())
        .isEqualTo(201);
  }

  @Test
  void listFiltersByStatusAndPriorityAndCountsTheFilteredSet() {
    for (String p : new String[] {"low", "high", "high", "urgent", "high"}) {
      sms.http().postJson("/api/v1/tasks", "{\"name\": \"t\", \"priority\": \"" + p + "\"}");
    }

    JsonNode high = sms.http().get("/api/v1/tasks?priority=high&limit=2").json();
    assertThat(high.get("total_count").asLong()).isEqualTo(3);
    assertThat(high.get("tasks")).hasSize(2);
    assertThat(high.get("tasks").findValuesAsText("priority")).containsOnly("high");

    JsonNode registered = sms.http().get("/api/v1/tasks?status=registered&offset=4").json();
    assertThat(registered.get("total_count").asLong()).isEqualTo(5);
    assertThat(registered.get("tasks")).hasSize(1);
    assertThat(registered.get("tasks").get(0).get("priority").asText()).isEqualTo("low");

    assertThat(sms.http().get("/api/v1/tasks?status=inactive").json().get("total_count").asLong())
        .isZero();
  }

  @Test
  void listWithAnUnknownFilterValueIsRejectedNamingTheParameter() {
    Answer answer = sms.http().get("/api/v1/tasks?priority=asap");
    assertError(answer, 400, "INVALID_REQUEST");
    assertThat(answer.json().get("message").asText()).contains("priority");
    assertThat(sms.http().get("/api/v1/tasks?status=gone").json().get("message").asText())
        .contains("status");
  }

  @Test
  void deleteWorksWithOrWithoutABody() {
    String a = register("a");
    String b = register("b");

    assertThat(sms.http().delete("/api/v1/tasks/" + a).status()).isEqualTo(200);
    assertThat(sms.http().delete("/api/v1/tasks/" + b, "{\"reason\": \"done\"}").status())
        .isEqualTo(200);

    assertNoTasks();
    assertError(sms.http().get("/api/v1/tasks/" + a), 404, "TASK_NOT_FOUND");
    assertError(sms.http().delete("/api/v1/tasks/" + a), 404, "TASK_NOT_FOUND");
  }

  @Test
  void unknownOrMalformedTaskIdsAreNotFound() {
    assertError(sms.http().get("/api/v1/tasks/" + UUID.randomUUID()), 404, "TASK_NOT_FOUND");
    assertError(sms.http().get("/api/v1/tasks/not-a-uuid"), 404, "TASK_NOT_FOUND");
    assertError(sms.http().get("/api/v1/tasks/..%2F..%2Fetc%2Fpasswd"), 404, "TASK_NOT_FOUND");
  }

  private String register(String name) {
    return sms.http()
        .postJson("/api/v1/tasks", "{\"name\": \"" + name + "\"}")
        .json()
        .get("task_id")
        .asText();
  }

  private void assertNoTasks() {
    assertThat(sms.http().get("/api/v1/tasks").json().get("total_count").asLong()).isZero();
  }

  @Test
  void aTaskCanBeReplacedKeepingItsIdAndFoundByName() {
    String id =
        sms.http()
            .postJson("/api/v1/tasks", seedTask(uploadedModule()))
            .json()
            .get("task_id")
            .asText();
    JsonNode before = sms.http().get("/api/v1/tasks/" + id).json();

    Answer updated =
        put("/api/v1/tasks/" + id, seedTask(uploadedModule()).replace("1.0.0", "2.0.0"));

    assertThat(updated.status()).as(updated.text()).isEqualTo(200);
    assertThat(updated.json().get("task").get("task_id").asText()).isEqualTo(id);
    JsonNode after = sms.http().get("/api/v1/tasks/" + id).json();
    assertThat(after.get("version").asText()).isEqualTo("2.0.0");
    assertThat(after.get("registered_at")).isEqualTo(before.get("registered_at"));
    assertThat(after.get("updated_at").asLong()).isGreaterThan(before.get("updated_at").asLong());
    JsonNode byName = sms.http().get("/api/v1/tasks?name=hello-wasm").json();
    assertThat(byName.get("total_count").asInt()).isEqualTo(1);
    assertThat(byName.get("tasks").get(0).get("task_id").asText()).isEqualTo(id);
    assertThat(sms.http().get("/api/v1/tasks?name=hello").json().get("total_count").asInt())
        .isZero();
  }

  @Test
  void replacingAnUnknownTaskIsNotFoundAndABadBodyIsRefused() {
    assertError(
        put("/api/v1/tasks/" + UUID.randomUUID(), seedTask("sms+file://x")), 404, "TASK_NOT_FOUND");
    String id =
        sms.http().postJson("/api/v1/tasks", "{\"name\": \"t\"}").json().get("task_id").asText();
    assertError(put("/api/v1/tasks/" + id, "{\"name\": \" \"}"), 400, "INVALID_REQUEST");
  }

  private Answer put(String path, String json) {
    return sms.http()
        .send(
            "PUT",
            path,
            json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.util.Map.of("Content-Type", "application/json"));
  }
}
