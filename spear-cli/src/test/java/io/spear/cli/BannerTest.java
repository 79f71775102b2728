package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The start banner names the console and the exact command that reaches this platform. */
class BannerTest {

  @TempDir Path dir;

  @Test
  void onTheDefaultPortTheCommandNeedsNoAddress() {
    assertThat(new Banner("http", "127.0.0.1", 8080, false, Optional.empty()).lines("spear run x"))
        .containsExactly("Console: http://127.0.0.1:8080/console/", "Try: spear run x");
  }

  @Test
  void onAnotherPortWithTlsAndTokensTheCommandSaysHowToReachIt() {
    assertThat(new Banner("http", "127.0.0.1", 18080, false, Optional.empty()).lines("spear run x"))
        .containsExactly(
            "Console: http://127.0.0.1:18080/console/",
            "Try: SPEAR_SMS=http://127.0.0.1:18080 spear run x");
    Path cert = dir.resolve("cert.pem");
    assertThat(new Banner("https", "127.0.0.1", 8080, true, Optional.of(cert)).lines("spear run x"))
        .containsExactly(
            "Console: https://127.0.0.1:8080/console/",
            "Try: SPEAR_SMS=https://127.0.0.1:8080 SPEAR_TLS_CA="
                + cert.toAbsolutePath()
                + " SPEAR_TOKEN=<your token> spear run x");
  }

  @Test
  @Timeout(120)
  void spearUpOnFreePortsPrintsTheConsoleAndTheCommandForThosePorts() throws Exception {
    int smsPort = SpearProcess.freePort();
    int spearletPort = SpearProcess.freePort();
    Path log = dir.resolve("up.log");
    try (SpearProcess up =
        SpearProcess.start(
            log,
            "up",
            "--sms-port",
            Integer.toString(smsPort),
            "--spearlet-port",
            Integer.toString(spearletPort),
            "--data-dir",
            dir.resolve("data").toString())) {
      up.awaitHealthy(smsPort);
      eventually(
          Duration.ofSeconds(30),
          () ->
              assertThat(Files.readString(log))
                  .contains("Console: http://127.0.0.1:" + smsPort + "/console/")
                  .contains(
                      "Try: SPEAR_SMS=http://127.0.0.1:"
                          + smsPort
                          + " spear run <module.wasm>    (stop with Ctrl-C)"));
    }
  }
}
