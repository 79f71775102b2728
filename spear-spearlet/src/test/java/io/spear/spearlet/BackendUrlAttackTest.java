package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.AiConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.testing.HttpTestClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A viewer reading backend listings over real HTTP: a password or key an operator put in a
 * backend's {@code base_url} is in none of them (Spearlet and SMS {@code /api/v1/backends}, the
 * node's metadata on SMS).
 */
@Timeout(60)
class BackendUrlAttackTest {

  @TempDir Path dataDir;

  @Test
  void credentialsInABackendsBaseUrlAreShownToNoViewer() throws Exception {
    AiConfig ai =
        AiConfig.of(
            new YAMLMapper()
                .readTree(
                    """
                    backends:
                      - name: urlsecret
                        kind: openai_chat_completion
                        base_url: "http://user:PASS@127.0.0.1:1/v1?key=SECRET#FRAGMENT"
                    """),
            Map.of());
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet =
          SpearletServer.builder(RuntimeConfig.of(platform.nodeConfig())).ai(ai).start();
      platform.spearlets.add(spearlet);
      String uuid = spearlet.nodeUuid().orElseThrow();
      HttpTestClient node = new HttpTestClient(spearlet.port());
      eventually(
          () -> assertThat(platform.smsHttp.get("/api/v1/backends").text()).contains("urlsecret"));

      List<HttpTestClient.Answer> answers =
          List.of(
              node.get("/api/v1/backends"),
              platform.smsHttp.get("/api/v1/backends"),
              platform.smsHttp.get("/api/v1/nodes"),
              platform.smsHttp.get("/api/v1/nodes/" + uuid));
      for (HttpTestClient.Answer answer : answers) {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text())
            .doesNotContain("PASS")
            .doesNotContain("SECRET")
            .doesNotContain("FRAGMENT")
            .doesNotContain("user:");
      }
      assertThat(node.get("/api/v1/backends").text()).contains("http://127.0.0.1:1/v1");
    }
  }
}
