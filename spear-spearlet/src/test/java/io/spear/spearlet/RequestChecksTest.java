package io.spear.spearlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a Spearlet refuses before running anything, over HTTP, with the code clients match on. */
@Timeout(120)
class RequestChecksTest {

  @TempDir Path dataDir;
  private TestPlatform platform;
  private HttpTestClient node;

  @BeforeEach
  void start() {
    platform = TestPlatform.start(dataDir);
    node = new HttpTestClient(platform.addSpearlet().port());
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  @Test
  void aModuleWithoutStartIsAModuleProblemAnsweredWith422() {
    String task = platform.deploy("reactor.wat.wasm");

    Answer answer = node.post("/invoke/" + task, new byte[0], Map.of());

    assertThat(answer.status()).as(answer.text()).isEqualTo(422);
    assertThat(answer.json().get("error").asText()).isEqualTo("INVALID_CONFIGURATION");
    assertThat(answer.json().get("message").asText()).contains("no _start export");
  }

  @Test
  void aCallerChosenExecutionIdThatIsNotAWellFormedIdIsRefused() {
    String task = platform.deploy("hello.c.wasm");

    for (String bad : new String[] {"../../etc/passwd", "a b", "x".repeat(129)}) {
      Answer answer =
          node.postJson(
              "/functions/execute",
              "{\"task_id\": \"%s\", \"execution_id\": \"%s\"}".formatted(task, bad));

      assertThat(answer.status()).as(bad).isEqualTo(400);
      assertThat(answer.json().get("error").asText()).isEqualTo("INVALID_REQUEST");
      assertThat(answer.json().get("message").asText()).contains("execution_id must be");
    }
    Answer good =
        node.postJson(
            "/functions/execute",
            "{\"task_id\": \"%s\", \"execution_id\": \"run-1\"}".formatted(task));
    assertThat(good.status()).as(good.text()).isEqualTo(200);
  }
}
