package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandsTest {

  @TempDir Path dir;

  private static CliRun spear(String... args) {
    return CliRun.of(args);
  }

  @Test
  void clientCommandsSendTheirTokenAndFailClearlyWithoutOne() throws Exception {
    String user = TokenRegistry.generateToken();
    String viewer = TokenRegistry.generateToken();
    Path tokenFile = dir.resolve("tokens.yaml");
    Files.writeString(
        tokenFile,
        TokenRegistry.fileEntry("alice", Role.USER, user)
            + TokenRegistry.fileEntry("grafana", Role.VIEWER, viewer));
    try (SmsServer sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(ServerSecurity.withTokens(TokenRegistry.read(tokenFile)))
            .start()) {
      String address = "http://127.0.0.1:" + sms.port();
      Path module = dir.resolve("m.wasm");
      Files.write(module, new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0});

      CliRun anonymous = spear("files", "list", "--sms", address);
      assertThat(anonymous.exitCode()).isEqualTo(1);
      assertThat(anonymous.err()).contains("UNAUTHENTICATED");

      CliRun upload =
          spear("files", "upload", module.toString(), "--sms", address, "--token", user);
      assertThat(upload.exitCode()).as(upload.err()).isZero();

      CliRun list = spear("files", "list", "--sms", address, "--token", viewer);
      assertThat(list.exitCode()).as(list.err()).isZero();
      assertThat(list.out()).contains("m.wasm");

      CliRun viewerUploads =
          spear("files", "upload", module.toString(), "--sms", address, "--token", viewer);
      assertThat(viewerUploads.exitCode()).isEqualTo(1);
      assertThat(viewerUploads.err()).contains("PERMISSION_DENIED");
    }
  }

  @Test
  void serversRefuseToListenBeyondLoopbackWithoutTokens() {
    CliRun sms =
        spear(
            "sms",
            "--host",
            "0.0.0.0",
            "--sms-port",
            "0",
            "--data-dir",
            dir.resolve("d").toString());
    assertThat(sms.exitCode()).isEqualTo(2);
    assertThat(sms.err()).contains("without authentication", "--token-file", "--insecure");

    CliRun spearlet = spear("spearlet", "--host", "0.0.0.0", "--port", "0");
    assertThat(spearlet.exitCode()).isEqualTo(2);
    assertThat(spearlet.err()).contains("without authentication");
  }

  @Test
  void aBadTokenFileStopsTheStartWithItsReason() throws Exception {
    Path tokenFile = dir.resolve("bad.yaml");
    Files.writeString(tokenFile, "- {name: a, role: root, token_sha256: abc}\n");
    CliRun sms =
        spear(
            "sms",
            "--sms-port",
            "0",
            "--data-dir",
            dir.resolve("d").toString(),
            "--token-file",
            tokenFile.toString());
    assertThat(sms.exitCode()).isEqualTo(2);
    assertThat(sms.err()).contains("role must be admin, user, node or viewer");
  }

  @Test
  void theOldStaticSpearletTokenStopsSmsWithWhatToDoInstead() {
    CliRun sms =
        spear(
            "sms",
            "--sms-port",
            "0",
            "--data-dir",
            dir.resolve("d").toString(),
            "--spearlet-token",
            "static-token");
    assertThat(sms.exitCode()).isEqualTo(2);
    assertThat(sms.err())
        .contains("--spearlet-token is no longer used")
        .contains("token files")
        .doesNotContain("static-token");
  }
}
