package io.spear.console;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.egress.EgressPolicy;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.secret.SecretsKey;
import io.spear.spearlet.SpearletServer;
import io.spear.testing.ExternalTools;
import io.spear.testing.HttpTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's Secrets page (create, list by name, delete) and each node's egress policy on the
 * Nodes page, in Debian's headless Chromium ({@code browser-tests/console-secrets-flow.mjs})
 * against a real SMS with a secrets key and a Spearlet with an egress policy; no answer the page
 * receives, and nothing the page shows, holds the value.
 */
class ConsoleSecretsBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCRIPTS = Path.of("browser-tests");
  private static final String VALUE = "console-secret-5b2e9d-never-shown";

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void secretsAreCreatedListedByNameAndDeletedAndNodesShowTheirEgressPolicy() throws Exception {
    ExternalTools.require(
        Files.isExecutable(CHROMIUM)
            && Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core")),
        "chromium and playwright-core (npm ci in spear-console/browser-tests)");
    ExternalTools.require(
        getClass().getResource("/spear-console/assets") != null, "the built console (npm)");
    Path shots = Path.of("target", "console-screenshots", "secrets").toAbsolutePath();
    Files.createDirectories(shots);
    try (SmsServer sms =
            SmsServer.builder(
                    SmsConfig.defaults()
                        .withHost("127.0.0.1")
                        .withPort(0)
                        .withDataDir(dataDir.resolve("sms")))
                .secretsKey(SecretsKey.ofBase64(SecretsKey.generateBase64()))
                .start();
        SpearletServer node =
            SpearletServer.builder(
                    RuntimeConfig.of(
                        SpearletConfig.defaults().toBuilder()
                            .smsHttpAddr(sms.httpAddr())
                            .bindHost("127.0.0.1")
                            .httpPort(0)
                            .heartbeatInterval(Duration.ofMillis(200))
                            .build()))
                .egress(EgressPolicy.of(List.of("api.example.com", "*.github.com:443")))
                .start()) {
      HttpTestClient http = new HttpTestClient(sms.port());
      eventually(
          () -> {
            assertThat(node.nodeUuid()).isPresent();
            assertThat(http.get("/api/v1/nodes").json().get("nodes")).hasSize(1);
          });
      String transcript =
          run(
              new ProcessBuilder("node", "console-secrets-flow.mjs"),
              "http://127.0.0.1:" + sms.port(),
              shots);
      assertThat(transcript).contains("STEP done").doesNotContain(VALUE);
    }
  }

  private static String run(ProcessBuilder builder, String url, Path shots)
      throws IOException, InterruptedException {
    builder.directory(SCRIPTS.toFile()).redirectErrorStream(true);
    builder.environment().put("SPEAR_URL", url);
    builder.environment().put("SPEAR_SECRET_VALUE", VALUE);
    builder.environment().put("SPEAR_NODE_EGRESS", "*.github.com:443");
    builder.environment().put("SPEAR_SHOTS_DIR", shots.toString());
    Process process = builder.start();
    String transcript;
    try {
      transcript = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    assertThat(process.exitValue()).as(transcript).isZero();
    return transcript;
  }
}
