package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.http.tls.TlsFiles;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.SelfSignedCertificate;
import io.spear.testing.platform.PlatformExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each mistake a newcomer makes ends in one line that says what to do, never a stack trace or a
 * Java class name (unless --debug).
 */
@Timeout(120)
class OneLineErrorsTest {

  @TempDir Path dir;
  @RegisterExtension final PlatformExtension platform = PlatformExtension.smsOnly();

  /** The error output: exactly one line, with no exception, frame or class name in it. */
  private static String oneLine(String output) {
    String text = output.strip();
    assertThat(text.lines()).as(output).hasSize(1);
    assertThat(text).doesNotContain("Exception", "at io.", "class io.", "java.");
    return text;
  }

  private Path project(String manifest) throws Exception {
    Path project = Files.createDirectories(dir.resolve("fresh"));
    Files.writeString(project.resolve("spear.toml"), manifest);
    Files.writeString(project.resolve("build.sh"), "#!/bin/sh\n");
    return project.resolve("spear.toml");
  }

  @Test
  void deployBeforeBuildSaysToRunTheBuildScript() throws Exception {
    Path manifest =
        project(
            "app = \"fresh\"\n[[functions]]\nname = \"fresh\"\nmodule = \"build/fresh.wasm\"\n");

    CliRun deploy = CliRun.of("deploy", "-f", manifest.toString(), "--sms", platform.address());

    assertThat(deploy.exitCode()).isEqualTo(2);
    assertThat(oneLine(deploy.err()))
        .isEqualTo("error: function 'fresh': no module at build/fresh.wasm: run ./build.sh first");
  }

  @Test
  void anUnknownManifestKeyIsNamedWithTheKeysThatExist() throws Exception {
    Path manifest = project("[[functions]]\nnme = \"fresh\"\nmodule = \"build/fresh.wasm\"\n");

    CliRun deploy = CliRun.of("deploy", "-f", manifest.toString(), "--sms", platform.address());

    assertThat(deploy.exitCode()).isEqualTo(2);
    assertThat(oneLine(deploy.err()))
        .contains("function #1", "unknown key 'nme'", "name, ", "module");
  }

  @Test
  void aDuplicateTomlKeyIsNamedWithItsLine() throws Exception {
    Path manifest =
        project("[[functions]]\nname = \"a\"\nname = \"b\"\nmodule = \"build/fresh.wasm\"\n");

    CliRun deploy = CliRun.of("deploy", "-f", manifest.toString(), "--sms", platform.address());

    assertThat(deploy.exitCode()).isEqualTo(2);
    assertThat(oneLine(deploy.err())).contains("line 3: key 'name' is set twice");
  }

  @Test
  void aBusyPortStopsTheServerWithOneLineNamingTheOptionToPickAnother() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Path log = dir.resolve("sms.log");
      SpearProcess sms =
          SpearProcess.start(
              log,
              "sms",
              "--sms-port",
              Integer.toString(taken.getLocalPort()),
              "--data-dir",
              dir.resolve("busy").toString());
      assertThat(sms.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(sms.process.exitValue()).isEqualTo(2);
      // The launcher's jar enables native access (SQLite); a bare classpath warns about it.
      String output =
          Files.readString(log)
              .lines()
              .filter(l -> !l.isBlank() && !l.startsWith("WARNING: "))
              .collect(java.util.stream.Collectors.joining("\n"));
      assertThat(oneLine(output))
          .isEqualTo(
              "error: port "
                  + taken.getLocalPort()
                  + " is in use: stop the other process (another spear up?) or pick another"
                  + " with --sms-port");
    }
  }

  @Test
  void aBusySpearletPortStopsSpearUpWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      CliRun up =
          CliRun.of(
              "up",
              "--sms-port",
              "0",
              "--spearlet-port",
              Integer.toString(taken.getLocalPort()),
              "--data-dir",
              dir.resolve("up").toString());

      assertThat(up.exitCode()).isEqualTo(2);
      assertThat(oneLine(up.err())).endsWith("or pick another with --spearlet-port");
    }
  }

  @Test
  void plainHttpToATlsServerSaysToUseHttpsNotToStartThePlatform() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
    try (SmsServer tls =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("tls")))
            .security(
                ServerSecurity.withTokens(TokenRegistry.empty())
                    .withTls(Optional.of(new TlsFiles(cert.certificate(), cert.privateKey()))))
            .start()) {
      CliRun plain = CliRun.of("tasks", "list", "--sms", "http://127.0.0.1:" + tls.port());
      assertThat(plain.exitCode()).isEqualTo(1);
      assertThat(oneLine(plain.err()))
          .contains("UNREACHABLE", "https://")
          .doesNotContain("start the platform");

      CliRun untrusted = CliRun.of("tasks", "list", "--sms", "https://127.0.0.1:" + tls.port());
      assertThat(untrusted.exitCode()).isEqualTo(1);
      assertThat(oneLine(untrusted.err()))
          .contains("certificate is not trusted", "--tls-ca")
          .doesNotContain("start the platform");
    }
  }

  @Test
  void aChatWithNoBackendSaysToAddAnLlmBackend() throws Exception {
    Path probe = dir.resolve("chat_probe.c.wasm");
    Files.write(probe, Corpus.bytes("chat_probe.c.wasm"));

    CliRun run =
        CliRun.of("run", "--standalone", "--no-stdin", probe.toString(), "--", "tools", "add 7+35");

    assertThat(run.out() + run.err()).contains("no candidate backend", "add one under llm:");
  }

  @Test
  void aTimeoutIsOneLineInSecondsWithExitCode124() throws Exception {
    Path loop = dir.resolve("infinite_loop.wat.wasm");
    Files.write(loop, Corpus.bytes("infinite_loop.wat.wasm"));

    CliRun run =
        CliRun.of("run", "--standalone", "--no-stdin", "--timeout-ms", "1000", loop.toString());

    assertThat(run.exitCode()).isEqualTo(124);
    assertThat(oneLine(run.err()))
        .isEqualTo("spear: timeout (EXECUTION_TIMEOUT): stopped at its time limit of 1 s");
  }

  @Test
  void anyOtherFailureIsOneLineAndDebugShowsTheTrace() {
    String missing = dir.resolve("missing.json").toString();

    CliRun plain = CliRun.of("tasks", "register", missing, "--sms", platform.address());
    assertThat(plain.exitCode()).isEqualTo(1);
    assertThat(oneLine(plain.err()))
        .isEqualTo("error: no such file: " + missing + " (run with --debug for the details)");

    CliRun debug = CliRun.of("tasks", "register", missing, "--sms", platform.address(), "--debug");
    assertThat(debug.err()).contains("NoSuchFileException", "at ");
  }
}
