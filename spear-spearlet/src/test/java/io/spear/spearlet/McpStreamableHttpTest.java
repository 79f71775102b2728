package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.AiConfig;
import io.spear.egress.EgressPolicy;
import io.spear.runtime.RuntimeConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.secret.SecretsKey;
import io.spear.testing.EverythingServer;
import io.spear.testing.HeaderRecordingProxy;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node runs a streamable HTTP MCP server registered on SMS (the real server-everything behind a
 * header-recording proxy): within its egress policy, with a header secret it gets from SMS.
 */
@Timeout(90)
class McpStreamableHttpTest {

  private static final String SECRET = "mcp-node-secret-9c1d0e-DO-NOT-LEAK";

  @TempDir Path dataDir;

  @Test
  void aNodeCallsAServerInItsEgressPolicyWithTheHeaderSecretSmsGivesIt() throws Exception {
    try (EverythingServer everything = EverythingServer.start();
        HeaderRecordingProxy proxy = new HeaderRecordingProxy(everything.url());
        TestPlatform platform = TestPlatform.over(sms())) {
      String hostPort = "127.0.0.1:" + proxy.port();
      Answer secret =
          platform.smsHttp.postJson(
              "/api/v1/secrets",
              "{\"name\":\"MCP_TOKEN\",\"value\":\""
                  + SECRET
                  + "\",\"allowed_hosts\":[\""
                  + hostPort
                  + "\"]}");
      assertThat(secret.status()).as(secret.text()).isEqualTo(201);
      String spec =
          """
          {"server_id": "every", "transport": "streamable_http", "allowed_tools": ["get-sum"],
           "http": {"url": "%s", "headers": {"Authorization": "Bearer ${secret:MCP_TOKEN}"}}}
          """
              .formatted(proxy.url());
      assertThat(platform.smsHttp.postJson("/api/v1/mcp/servers", spec).status()).isEqualTo(201);
      AiConfig ai =
          AiConfig.of(
              new YAMLMapper()
                  .readTree("backends: [{name: demo, kind: stub, features: [supports_tools]}]"),
              null,
              Map.of());
      SpearletServer spearlet =
          SpearletServer.builder(RuntimeConfig.of(platform.nodeConfig()))
              .ai(ai)
              .egress(EgressPolicy.of(List.of(hostPort)))
              .start();
      platform.spearlets.add(spearlet);
      eventually(() -> assertThat(spearlet.nodeUuid()).isPresent());
      // The stub model calls the first tool offered, get-sum, with the two numbers of the prompt.
      String taskId =
          platform.registerTask(
              platform.upload("chat_probe.c.wasm"),
              List.of("send", "2", "add 7 and 35", "{\"key\":\"model\",\"value\":\"m\"}"),
              Map.of(),
              Map.of("mcp.enabled", "true", "mcp.default_server_ids", "every"));
      HttpTestClient http = new HttpTestClient(spearlet.port());

      Answer answer = http.postJson("/functions/execute", "{\"task_id\":\"" + taskId + "\"}");

      JsonNode body = answer.json();
      assertThat(body.get("status").asText()).as(body.toString()).isEqualTo("completed");
      String stdout =
          new String(
              Base64.getDecoder().decode(body.get("output_base64").asText()),
              StandardCharsets.UTF_8);
      assertThat(stdout).contains("stub chat completion after tool").doesNotContain(SECRET);
      assertThat(answer.text()).doesNotContain(SECRET);
      assertThat(proxy.values("Authorization")).isNotEmpty().containsOnly("Bearer " + SECRET);
      assertThat(http.get("/metrics").text())
          .contains("spear_mcp_calls_total{outcome=\"ok\",server=\"every\"}")
          .doesNotContain(SECRET);
      assertThat(platform.smsHttp.get("/api/v1/mcp/servers/every").text()).doesNotContain(SECRET);
    }
  }

  private SmsServer sms() {
    return SmsServer.builder(
            SmsConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withDataDir(dataDir.resolve("sms")))
        .secretsKey(SecretsKey.ofBase64(SecretsKey.generateBase64()))
        .start();
  }
}
