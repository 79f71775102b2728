package io.spear.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.ExternalTools;
import io.spear.testing.HttpTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's Key-value page in Debian's headless Chromium, driven by {@code
 * browser-tests/console-kv-flow.mjs} against a real SMS: the namespaces, a namespace's keys a page
 * at a time and by prefix, a text and a binary value, deleting a key.
 */
class ConsoleKvBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCRIPTS = Path.of("browser-tests");

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theKeyValuePageBrowsesViewsAndDeletesKeys() throws Exception {
    ExternalTools.require(
        Files.isExecutable(CHROMIUM)
            && Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core")),
        "chromium, Node.js and playwright-core (npm ci in spear-console/browser-tests)");
    ExternalTools.require(
        getClass().getResource("/spear-console/assets") != null, "the built console (npm)");
    try (SmsServer sms =
        SmsServer.start(
            SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir))) {
      HttpTestClient http = new HttpTestClient(sms.port());
      for (int i = 1; i <= 60; i++) {
        assertThat(put(http, "todo/" + i, ("item " + i).getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(201);
      }
      put(http, "greeting", "hello, kv".getBytes(StandardCharsets.UTF_8));
      put(http, "blob", new byte[] {0, (byte) 0xff, (byte) 0xfe, 1});

      String transcript =
          run(
              Map.of(
                  "SPEAR_URL",
                  "http://127.0.0.1:" + sms.port(),
                  "SPEAR_SHOTS_DIR",
                  Path.of("target", "console-screenshots").toAbsolutePath().toString()));
      assertThat(transcript).contains("STEP done");
      assertThat(http.get("/api/v1/kv/notes/greeting").status()).isEqualTo(404);
    }
  }

  private static int put(HttpTestClient http, String key, byte[] value) {
    return http.send("PUT", "/api/v1/kv/notes/" + key, value, Map.of()).status();
  }

  private static String run(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("node", "console-kv-flow.mjs")
            .directory(SCRIPTS.toFile())
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String transcript;
    try (var out = process.getInputStream()) {
      transcript = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    assertThat(process.exitValue()).as(transcript).isZero();
    return transcript;
  }
}
