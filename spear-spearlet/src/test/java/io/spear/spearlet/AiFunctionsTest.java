package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.AiConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.spearlet.config.SpearletConfigLoader;
import io.spear.testing.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spearlet configured with an llm section runs chat guests and lists its backends (and SMS lists
 * them per node).
 */
@Timeout(60)
class AiFunctionsTest {

  @TempDir Path dataDir;

  @Test
  void chatGuestOnAStubBackendRunsItsToolLoopAndBackendsAreListedWithoutSecrets() throws Exception {
    Path config = dataDir.resolve("spearlet.yaml");
    Files.writeString(
        config,
        """
        max_in_flight: 4
        llm:
          credentials:
            - {name: openai, kind: env, api_key_env: TEST_OPENAI_KEY}
          backends:
            - {name: demo, kind: stub, features: [supports_tools]}
            - name: remote
              kind: openai_chat_completion
              base_url: http://127.0.0.1:9/v1
              credential_ref: openai
              model: gpt-4o-mini
              weight: 0
        """);
    JsonNode llm = SpearletConfigLoader.section(Optional.of(config), "llm");
    AiConfig ai = AiConfig.of(llm, Map.of("TEST_OPENAI_KEY", "sk-secret-value"));
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      var node =
          SpearletConfigLoader.load(platform.nodeConfig(), Map.of(), Optional.of(config), Map.of());
      assertThat(node.maxInFlight()).isEqualTo(4);
      SpearletServer spearlet = SpearletServer.builder(RuntimeConfig.of(node)).ai(ai).start();
      platform.spearlets.add(spearlet);
      HttpTestClient http = new HttpTestClient(spearlet.port());

      String backends = http.get("/api/v1/backends").text();
      JsonNode listed = new YAMLMapper().readTree(backends).get("backends");
      assertThat(listed).extracting(b -> b.get("name").asText()).containsExactly("demo", "remote");
      assertThat(backends).doesNotContain("sk-secret-value").doesNotContain("TEST_OPENAI_KEY");
      // SMS lists them per node, from what the node reported when it registered.
      eventually(
          () -> {
            JsonNode nodes = platform.smsHttp.get("/api/v1/backends").json().get("nodes");
            assertThat(nodes).hasSize(1);
            assertThat(nodes.get(0).get("node_uuid").asText())
                .isEqualTo(spearlet.nodeUuid().orElseThrow());
            assertThat(nodes.get(0).get("backends"))
                .extracting(b -> b.get("name").asText())
                .containsExactly("demo", "remote");
          });
      assertThat(platform.smsHttp.get("/api/v1/backends").text())
          .contains("\"base_url\":\"http://127.0.0.1:9/v1\"")
          .doesNotContain("sk-secret-value");

      String taskId =
          platform.registerSeedTask(
              platform.upload("chat_probe.c.wasm"),
              List.of(
                  "tools", "Please add 7 and 35", "{\"key\":\"model\",\"value\":\"demo-model\"}"),
              Map.of());
      JsonNode body =
          http.postJson("/functions/execute", "{\"task_id\":\"" + taskId + "\"}").json();
      assertThat(body.get("status").asText()).as(body.toString()).isEqualTo("completed");
      String stdout = new String(Base64.getDecoder().decode(body.get("output_base64").asText()));
      assertThat(stdout)
          .contains("stub chat completion after tool")
          .contains("\"_spear\":{\"backend\":\"demo\",\"model\":\"demo-model\"}");
      assertThat(body.get("log").asText())
          .contains("sum tool: a=7 b=35")
          .contains("backend=demo model=demo-model ok");
      assertThat(http.get("/metrics").text())
          .contains("spear_llm_requests_total{backend=\"demo\",outcome=\"ok\"} 2");
    }
  }

  @Test
  void spearletLearnsMcpServersFromSmsAndGuestsOfEnabledTasksUseThem() throws Exception {
    Path server =
        Path.of(
            System.getenv()
                .getOrDefault(
                    "SPEAR_NPM_CACHE", System.getProperty("user.home") + "/.cache/spear-npm"),
            "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
    io.spear.testing.ExternalTools.require(
        Files.isRegularFile(server), "@modelcontextprotocol/server-filesystem");
    Path root = Files.createDirectories(dataDir.resolve("files"));
    Files.writeString(root.resolve("7 and 35.txt"), "x");
    try (TestPlatform platform = TestPlatform.start(dataDir.resolve("sms"))) {
      String spec =
          """
          {"server_id": "fs", "transport": "stdio", "allowed_tools": ["list_*"],
           "stdio": {"command": "node", "args": ["%s", "%s"]}}
          """
              .formatted(server, root);
      assertThat(platform.smsHttp.postJson("/api/v1/mcp/servers", spec).status()).isEqualTo(201);
      AiConfig ai =
          AiConfig.of(
              new YAMLMapper()
                  .readTree("backends: [{name: demo, kind: stub, features: [supports_tools]}]"),
              new YAMLMapper().readTree("allowed_commands: [node]"),
              Map.of());
      SpearletServer spearlet =
          SpearletServer.builder(RuntimeConfig.of(platform.nodeConfig())).ai(ai).start();
      platform.spearlets.add(spearlet);
      HttpTestClient http = new HttpTestClient(spearlet.port());
      // The stub calls the first tool offered: with no guest tool (send mode), that is fs's.
      String fileId = platform.upload("chat_probe.c.wasm");
      String taskId =
          platform.registerTask(
              fileId,
              List.of("send", "2", "list 7 and 35", "{\"key\":\"model\",\"value\":\"m\"}"),
              Map.of(),
              Map.of("mcp.enabled", "true", "mcp.default_server_ids", "fs"));
      JsonNode body =
          http.postJson("/functions/execute", "{\"task_id\":\"" + taskId + "\"}").json();
      assertThat(body.get("status").asText()).as(body.toString()).isEqualTo("completed");
      String stdout = new String(Base64.getDecoder().decode(body.get("output_base64").asText()));
      assertThat(stdout).contains("stub chat completion after tool");
      assertThat(http.get("/metrics").text())
          .contains("spear_mcp_calls_total{outcome=\"ok\",server=\"fs\"}");
    }
  }
}
