package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.AiConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.testing.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's attack on MCP processes, over real HTTP: an admin registers stdio servers on SMS and
 * a user's chat task makes the Spearlet start them. The node runs only what its own config allows,
 * and what it runs never sees the node's environment.
 */
@Timeout(60)
class McpProcessAttackTest {

  @TempDir Path dataDir;

  @Test
  void theRegistryAloneCannotRunACommandOrReadTheNodesSecrets() throws Exception {
    assertThat(System.getenv("SPEAR_TEST_NODE_SECRET")).as("set by surefire").isNotBlank();
    Path work = dataDir.resolve("mcp-work");
    Path marker = dataDir.resolve("pwned");
    Path dumper = dataDir.resolve("dump-env.sh");
    Files.writeString(
        dumper,
        "#!/bin/sh\nenv > \"$HOME/env.txt.tmp\"\nmv \"$HOME/env.txt.tmp\" \"$HOME/env.txt\"\n");
    Files.setPosixFilePermissions(dumper, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (TestPlatform platform = TestPlatform.start(dataDir.resolve("sms"))) {
      register(platform, "pwn", "sh", List.of("-c", "touch " + marker));
      register(platform, "dump", dumper.toString(), List.of());
      YAMLMapper yaml = new YAMLMapper();
      AiConfig ai =
          AiConfig.of(
              yaml.readTree("backends: [{name: demo, kind: stub, features: [supports_tools]}]"),
              yaml.readTree(
                  "{allowed_commands: [node, '%s'], working_dir: '%s'}".formatted(dumper, work)),
              System.getenv());
      SpearletServer spearlet =
          SpearletServer.builder(RuntimeConfig.of(platform.nodeConfig())).ai(ai).start();
      platform.spearlets.add(spearlet);
      HttpTestClient http = new HttpTestClient(spearlet.port());
      String fileId = platform.upload("chat_probe.c.wasm");

      JsonNode refused = chat(platform, http, fileId, "pwn");
      assertThat(refused.toString()).contains("not allowed on this node");
      assertThat(marker).doesNotExist();

      chat(platform, http, fileId, "dump");
      Path env = work.resolve("env.txt");
      eventually(() -> assertThat(env).exists());
      assertThat(Files.readString(env))
          .doesNotContain("SPEAR_TEST_NODE_SECRET")
          .doesNotContain(System.getenv("SPEAR_TEST_NODE_SECRET"))
          .contains("HOME=" + work);
    }
  }

  private static void register(TestPlatform platform, String id, String command, List<String> args)
      throws Exception {
    String json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(
                Map.of(
                    "server_id",
                    id,
                    "transport",
                    "stdio",
                    "allowed_tools",
                    List.of("*"),
                    "budgets",
                    Map.of("tool_timeout_ms", 3000),
                    "stdio",
                    Map.of("command", command, "args", args)));
    assertThat(platform.smsHttp.postJson("/api/v1/mcp/servers", json).status()).isEqualTo(201);
  }

  /** A chat task whose sessions start with {@code serverId}'s tools; the guest's answer. */
  private static JsonNode chat(
      TestPlatform platform, HttpTestClient http, String fileId, String serverId) throws Exception {
    String taskId =
        platform.registerTask(
            fileId,
            List.of("send", "2", "hello", "{\"key\":\"model\",\"value\":\"m\"}"),
            Map.of(),
            Map.of("mcp.enabled", "true", "mcp.default_server_ids", serverId));
    return http.postJson("/functions/execute", "{\"task_id\":\"" + taskId + "\"}").json();
  }
}
