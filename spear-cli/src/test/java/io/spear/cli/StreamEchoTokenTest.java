package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.ai.AiConfig;
import io.spear.client.SmsClient;
import io.spear.corpus.Corpus;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.model.api.TaskSpec;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import io.spear.support.net.BearerToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docs/streams/StreamEcho.java, run as docs/streams.md shows, against a gateway with tokens on. */
@Timeout(180)
class StreamEchoTokenTest {

  private static final Path SAMPLE =
      Path.of("..", "docs", "streams", "StreamEcho.java").toAbsolutePath().normalize();

  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  private Result streamEcho(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(SAMPLE.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().remove("SPEAR_TOKEN");
    builder.environment().putAll(env);
    Process p = builder.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void theSampleClientSendsItsTokenAndSaysSoWhenItHasNone() throws Exception {
    String user = TokenRegistry.generateToken();
    String node = TokenRegistry.generateToken();
    TokenRegistry people = TokenRegistry.empty().with("alice", Role.USER, user);
    try (SmsServer sms =
            SmsServer.builder(
                    SmsConfig.defaults()
                        .withHost("127.0.0.1")
                        .withPort(0)
                        .withDataDir(dir.resolve("data")))
                .security(ServerSecurity.withTokens(people.with("node-a", Role.NODE, node)))
                .start();
        SpearletServer _ =
            SpearletServer.builder(
                    RuntimeConfig.of(
                        SpearletConfig.defaults().toBuilder()
                            .smsHttpAddr(sms.httpAddr())
                            .bindHost("127.0.0.1")
                            .httpPort(0)
                            .heartbeatInterval(Duration.ofMillis(200))
                            .build()))
                .ai(AiConfig.NONE)
                .security(ServerSecurity.withTokens(people).withOutboundToken(Optional.of(node)))
                .start()) {
      SmsClient client = new SmsClient(sms.httpAddr(), BearerToken.ofNullable(user));
      eventually(() -> assertThat(client.listNodes().nodes()).hasSize(1));
      Path module = dir.resolve("streams_probe.wasm");
      Files.write(module, Corpus.bytes("streams_probe.c.wasm"));
      String uri = client.uploadFile(module, "streams_probe.wasm", Optional.empty()).uri();
      client.registerTask(
          new TaskSpec(
              "echo",
              "",
              null,
              "",
              "echo",
              "",
              List.of("wasm"),
              Map.of(),
              Map.of(),
              new Executable(
                  ExecutableType.WASM, uri, "echo.wasm", "", List.of("echo"), Map.of())));
      String url = "ws://127.0.0.1:" + sms.port() + "/e/echo/ws";

      Result withToken = streamEcho(Map.of(), "--token", user, url, "hello", "world");
      assertThat(withToken.exitCode()).as(withToken.err()).isZero();
      assertThat(withToken.out()).isEqualTo("stream 1 seq 1: hello\nstream 1 seq 2: world\n");

      Result fromEnv = streamEcho(Map.of("SPEAR_TOKEN", user), url, "again");
      assertThat(fromEnv.out()).isEqualTo("stream 1 seq 1: again\n");

      Result without = streamEcho(Map.of(), url, "hi");
      assertThat(without.exitCode()).isEqualTo(1);
      assertThat(without.err().strip())
          .isEqualTo(
              "StreamEcho: the server refused the handshake (HTTP 401): give a token with"
                  + " --token or SPEAR_TOKEN");
    }
  }
}
