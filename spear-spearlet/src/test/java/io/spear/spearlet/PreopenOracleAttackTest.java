package io.spear.spearlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.runtime.NodeSecurity;
import io.spear.runtime.NodeSecurity.PreopenRule;
import io.spear.runtime.RuntimeConfig;
import io.spear.support.net.BearerToken;
import io.spear.testing.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user probing the node's disk through {@code wasi.preopen} refusals, over real HTTP: a directory
 * that exists and one that does not are refused alike, and no refusal names the directories the
 * node allows.
 */
@Timeout(60)
class PreopenOracleAttackTest {

  @TempDir Path dataDir;

  @Test
  void aPreopenRefusalSaysNeitherWhetherADirectoryExistsNorWhatTheNodeAllows() throws Exception {
    Path allowed = Files.createDirectories(dataDir.resolve("allowed-secret-name"));
    Path existing = Files.createDirectories(dataDir.resolve("existing"));
    Path missing = dataDir.resolve("missing");
    try (TestPlatform platform = TestPlatform.start(dataDir.resolve("sms"))) {
      RuntimeConfig node =
          RuntimeConfig.of(platform.nodeConfig())
              .withSecurity(
                  new NodeSecurity(
                      BearerToken.NONE, List.of(new PreopenRule(allowed, false)), List.of()));
      SpearletServer spearlet = SpearletServer.builder(node).start();
      platform.spearlets.add(spearlet);
      HttpTestClient http = new HttpTestClient(spearlet.port());
      String fileId = platform.upload("cat_file.c.wasm");

      var toExisting = invoke(platform, http, fileId, "/x=" + existing);
      var toMissing = invoke(platform, http, fileId, "/x=" + missing);
      var toMissingInside = invoke(platform, http, fileId, "/x=" + allowed.resolve("nope"));

      assertThat(toExisting.status()).isEqualTo(toMissing.status()).isBetween(400, 499);
      assertThat(toMissingInside.status()).isEqualTo(toMissing.status());
      String existingError = toExisting.json().get("message").asText();
      String missingError = toMissing.json().get("message").asText();
      assertThat(existingError.replace(existing.toString(), "DIR"))
          .isEqualTo(missingError.replace(missing.toString(), "DIR"));
      for (var answer : List.of(toExisting, toMissing)) {
        assertThat(answer.text()).doesNotContain("allowed-secret-name");
      }
      // What the node allows still works.
      Files.writeString(allowed.resolve("in.txt"), "inside\n");
      var ok = invoke(platform, http, fileId, "/x=" + allowed, "/x/in.txt");
      assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    }
  }

  private static HttpTestClient.Answer invoke(
      TestPlatform platform, HttpTestClient http, String fileId, String preopen, String... args) {
    String taskId =
        platform.registerTask(
            fileId,
            args.length == 0 ? List.of("/x/in.txt") : List.of(args),
            Map.of(),
            Map.of("wasi.preopen", preopen));
    return http.postJson("/functions/execute", "{\"task_id\":\"" + taskId + "\"}");
  }
}
