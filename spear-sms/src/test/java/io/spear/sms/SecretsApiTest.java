package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.sms.secret.SecretsKey;
import io.spear.testing.HttpTestClient.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsApiTest {

  private static final String VALUE = "sk-live-7f3a9c2e-DO-NOT-LEAK";
  private static final SecretsKey KEY = SecretsKey.ofBase64(SecretsKey.generateBase64());

  @TempDir Path dataDir;

  private SmsTestServer start(SecretsKey key) {
    SmsConfig config = SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir);
    return new SmsTestServer(SmsServer.builder(config).secretsKey(key).start(), dataDir);
  }

  @Test
  void withoutAKeyCreatingASecretIsRefusedAndNothingIsStoredInClear() throws IOException {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      Answer refused =
          sms.http.postJson(
              "/api/v1/secrets", "{\"name\":\"API_KEY\",\"value\":\"" + VALUE + "\"}");

      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().get("error").asText()).isEqualTo("SECRETS_UNAVAILABLE");
      assertThat(refused.text()).contains("--secrets-key-file").doesNotContain(VALUE);
      JsonNode list = sms.http.get("/api/v1/secrets").json();
      assertThat(list.get("key_configured").asBoolean()).isFalse();
      assertThat(list.get("secrets")).isEmpty();
    }
    assertThat(rawData()).doesNotContain(VALUE);
  }

  @Test
  void secretsAreListedWithoutValuesReplacedDeletedAndSurviveARestartSealed() throws IOException {
    try (SmsTestServer sms = start(KEY)) {
      Answer created =
          sms.http.postJson(
              "/api/v1/secrets",
              "{\"name\":\"API_KEY\",\"value\":\""
                  + VALUE
                  + "\",\"allowed_hosts\":[\"api.example.com\"]}");
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      assertThat(created.text()).doesNotContain(VALUE);
      Answer replaced =
          sms.http.postJson(
              "/api/v1/secrets", "{\"name\":\"API_KEY\",\"value\":\"" + VALUE + "\"}");
      assertThat(replaced.status()).isEqualTo(200);
      assertThat(replaced.json().get("replaced").asBoolean()).isTrue();
    }
    try (SmsTestServer sms = start(KEY)) {
      Answer list = sms.http.get("/api/v1/secrets");
      assertThat(list.text()).doesNotContain(VALUE);
      assertThat(list.json().get("key_configured").asBoolean()).isTrue();
      JsonNode secret = list.json().get("secrets").get(0);
      assertThat(secret.get("name").asText()).isEqualTo("API_KEY");
      assertThat(secret.get("allowed_hosts")).isEmpty();
      assertThat(secret.get("created_at_ms").asLong()).isPositive();
      assertThat(secret.has("value")).isFalse();
      assertThat(rawData()).doesNotContain(VALUE);

      assertThat(sms.http.delete("/api/v1/secrets/API_KEY").status()).isEqualTo(200);
      Answer again = sms.http.delete("/api/v1/secrets/API_KEY");
      assertThat(again.status()).isEqualTo(404);
      assertThat(again.json().get("error").asText()).isEqualTo("SECRET_NOT_FOUND");
    }
  }

  @Test
  void malformedSecretsAreRefusedNamingTheField() {
    try (SmsTestServer sms = start(KEY)) {
      assertRefused(sms, "{\"value\":\"v\"}", "name");
      assertRefused(sms, "{\"name\":\"has space\",\"value\":\"v\"}", "name must be");
      assertRefused(sms, "{\"name\":\"${x}\",\"value\":\"v\"}", "name must be");
      assertRefused(sms, "{\"name\":\"A\"}", "value is required");
      assertRefused(sms, "{\"name\":\"A\",\"value\":\"\"}", "value is required");
      assertRefused(sms, "{\"name\":\"A\",\"value\":7}", "value is required");
      assertRefused(
          sms,
          "{\"name\":\"A\",\"value\":\"v\",\"allowed_hosts\":[\"http://x/\"]}",
          "allowed_hosts");
      assertRefused(
          sms, "{\"name\":\"A\",\"value\":\"" + "x".repeat(70_000) + "\"}", "at most 65536 bytes");
    }
  }

  @Test
  void aNodeResolvesOnlyTheSecretsItsTaskRefersToAndTheTaskKeepsTheReference() {
    try (SmsTestServer sms = start(KEY)) {
      sms.http.postJson("/api/v1/secrets", "{\"name\":\"API_KEY\",\"value\":\"" + VALUE + "\"}");
      sms.http.postJson("/api/v1/secrets", "{\"name\":\"OTHER\",\"value\":\"other-value\"}");
      String node = registerNode(sms, "");
      String task = registerTask(sms, "{\"KEY\":\"Bearer ${secret:API_KEY}\",\"PLAIN\":\"1\"}");

      Answer resolved = resolve(sms, task, node);

      assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
      assertThat(resolved.json().get("values").get("API_KEY").asText()).isEqualTo(VALUE);
      assertThat(resolved.json().get("values").has("OTHER")).isFalse();
      Answer shown = sms.http.get("/api/v1/tasks/" + task);
      assertThat(shown.text()).contains("Bearer ${secret:API_KEY}").doesNotContain(VALUE);
    }
  }

  @Test
  void secretsNamedByHttpCallHeadersResolveOnlyWhenTheyListAllowedHosts() {
    try (SmsTestServer sms = start(KEY)) {
      sms.http.postJson(
          "/api/v1/secrets",
          "{\"name\":\"API_KEY\",\"value\":\""
              + VALUE
              + "\",\"allowed_hosts\":[\"api.example.com\"]}");
      sms.http.postJson("/api/v1/secrets", "{\"name\":\"ENV_ONLY\",\"value\":\"env-value\"}");
      String node = registerNode(sms, "");
      String task = registerTask(sms, "{\"PLAIN\":\"1\"}");

      Answer resolved =
          sms.http.postJson(
              "/api/v1/secrets/resolve",
              "{\"task_id\":\""
                  + task
                  + "\",\"node_uuid\":\""
                  + node
                  + "\",\"names\":[\"API_KEY\",\"ENV_ONLY\",\"MISSING\"]}");

      assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
      assertThat(resolved.json().get("values").get("API_KEY").asText()).isEqualTo(VALUE);
      assertThat(resolved.json().get("allowed_hosts").get("API_KEY").get(0).asText())
          .isEqualTo("api.example.com");
      assertThat(resolved.text()).doesNotContain("env-value").doesNotContain("MISSING");
      Answer malformed =
          sms.http.postJson(
              "/api/v1/secrets/resolve",
              "{\"task_id\":\"" + task + "\",\"node_uuid\":\"" + node + "\",\"names\":[\"a b\"]}");
      assertThat(malformed.status()).isEqualTo(400);
    }
  }

  @Test
  void aTaskReferringToAnUnknownSecretIsRegisteredButNotResolved() {
    try (SmsTestServer sms = start(KEY)) {
      String node = registerNode(sms, "");
      String task = registerTask(sms, "{\"KEY\":\"${secret:MISSING}\"}");

      Answer refused = resolve(sms, task, node);

      assertThat(refused.status()).isEqualTo(404);
      assertThat(refused.json().get("error").asText()).isEqualTo("SECRET_NOT_FOUND");
      assertThat(refused.json().get("message").asText()).contains("MISSING");
    }
  }

  @Test
  void aReferenceWithAMalformedNameIsRefusedAtRegistration() {
    try (SmsTestServer sms = start(KEY)) {
      Answer refused =
          sms.http.postJson(
              "/api/v1/tasks",
              "{\"name\":\"t\",\"executable\":{\"type\":\"wasm\",\"uri\":\"sms+file://"
                  + module(sms)
                  + "\","
                  + "\"env\":{\"K\":\"${secret:bad name}\"}}}");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.text()).contains("not a valid secret name");
    }
  }

  @Test
  void aTaskMayNarrowButNotWidenTheEgressPolicyOfTheNodesItMayRunOn() {
    try (SmsTestServer sms = start(KEY)) {
      String node = registerNode(sms, "api.example.com,127.0.0.1:18099");

      assertThat(registerWithHosts(sms, "api.example.com", "").status()).isEqualTo(201);
      assertThat(registerWithHosts(sms, "127.0.0.1:18099", node).status()).isEqualTo(201);
      Answer wider = registerWithHosts(sms, "*.example.com", "");
      assertThat(wider.status()).isEqualTo(400);
      assertThat(wider.text()).contains("*.example.com").contains("never widen");
      assertThat(registerWithHosts(sms, "127.0.0.1:18080", node).status()).isEqualTo(400);
      Answer malformed = registerWithHosts(sms, "http://api.example.com/x", "");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.text()).contains("config.http.allowed_hosts");
    }
  }

  private static Answer registerWithHosts(SmsTestServer sms, String hosts, String node) {
    return sms.http.postJson(
        "/api/v1/tasks",
        "{\"name\":\"t\",\"node_uuid\":\""
            + node
            + "\",\"config\":{\"http.allowed_hosts\":\""
            + hosts
            + "\"},\"executable\":{\"type\":\"wasm\",\"uri\":\"sms+file://"
            + module(sms)
            + "\"}}");
  }

  private static String module(SmsTestServer sms) {
    Answer file =
        sms.http.post(
            "/api/v1/files",
            new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0},
            java.util.Map.of("Content-Type", "application/octet-stream"));
    return file.json().get("id").asText();
  }

  private static String registerNode(SmsTestServer sms, String egress) {
    Answer node =
        sms.http.postJson(
            "/api/v1/nodes",
            "{\"ip_address\":\"127.0.0.1\",\"port\":1,\"http_port\":1,"
                + "\"metadata\":{\"egress_allow\":\""
                + egress
                + "\"}}");
    assertThat(node.status()).as(node.text()).isEqualTo(201);
    return node.json().get("node_uuid").asText();
  }

  private static String registerTask(SmsTestServer sms, String env) {
    Answer task =
        sms.http.postJson(
            "/api/v1/tasks",
            "{\"name\":\"t\",\"executable\":{\"type\":\"wasm\",\"uri\":\"sms+file://"
                + module(sms)
                + "\",\"env\":"
                + env
                + "}}");
    assertThat(task.status()).as(task.text()).isEqualTo(201);
    return task.json().get("task_id").asText();
  }

  private static Answer resolve(SmsTestServer sms, String task, String node) {
    return sms.http.postJson(
        "/api/v1/secrets/resolve", "{\"task_id\":\"" + task + "\",\"node_uuid\":\"" + node + "\"}");
  }

  private static void assertRefused(SmsTestServer sms, String body, String message) {
    Answer answer = sms.http.postJson("/api/v1/secrets", body);
    assertThat(answer.status()).as(body).isEqualTo(400);
    assertThat(answer.json().get("message").asText()).contains(message);
  }

  // Every file SMS keeps in its data directory, read raw.
  private String rawData() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }
}
