package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.client.InvocationAnswer;
import io.spear.client.SmsClient;
import io.spear.corpus.Corpus;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.http.tls.TlsFiles;
import io.spear.http.tls.TlsTrust;
import io.spear.model.api.FileUploaded;
import io.spear.model.api.InvocationRequest;
import io.spear.model.api.TaskSpec;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.support.net.BearerToken;
import io.spear.testing.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SMS and a Spearlet serving HTTPS from PEM files, every client speaking https:// to them. */
class TlsPlatformTest {

  @TempDir Path dir;

  @Test
  void clientsSmsAndSpearletTalkHttpsEndToEndWithTokens() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
    TlsTrust.install(cert.certificate());
    Optional<TlsFiles> tls = Optional.of(new TlsFiles(cert.certificate(), cert.privateKey()));
    String user = TokenRegistry.generateToken();
    String node = TokenRegistry.generateToken();
    String smsToken = TokenRegistry.generateToken();
    TokenRegistry people = TokenRegistry.empty().with("alice", Role.USER, user);
    try (SmsServer sms =
            SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
                .security(
                    ServerSecurity.withTokens(people.with("node-a", Role.NODE, node))
                        .withOutboundToken(Optional.of(smsToken))
                        .withTls(tls))
                .start();
        SpearletServer spearlet =
            SpearletServer.builder(
                    RuntimeConfig.of(
                        SpearletConfig.defaults().toBuilder()
                            .smsHttpAddr(sms.httpAddr())
                            .httpPort(0)
                            .heartbeatInterval(Duration.ofMillis(200))
                            .build()))
                .security(
                    ServerSecurity.withTokens(people.with("sms", Role.USER, smsToken))
                        .withOutboundToken(Optional.of(node))
                        .withTls(tls))
                .start()) {
      assertThat(sms.httpAddr()).startsWith("https://");
      assertThat(spearlet.port()).isPositive();
      SmsClient client = new SmsClient(sms.httpAddr(), BearerToken.ofNullable(user));
      eventually(() -> assertThat(client.listNodes().totalCount()).isEqualTo(1));
      Path module = dir.resolve("echo.wasm");
      Files.write(module, Corpus.bytes("echo_upper.c.wasm"));
      FileUploaded file = client.uploadFile(module, "echo.wasm", Optional.empty());
      String taskId =
          client
              .registerTask(
                  TaskSpec.wasm(
                      "echo",
                      new Executable(
                          ExecutableType.WASM, file.uri(), "echo.wasm", "", List.of(), Map.of())))
              .taskId();

      InvocationAnswer answer =
          client.invoke(
              InvocationRequest.of(taskId, "tls".getBytes(StandardCharsets.UTF_8)),
              Duration.ofSeconds(60));

      assertThat(answer.ok()).as(answer.body().message()).isTrue();
      assertThat(new String(answer.body().output(), StandardCharsets.UTF_8)).isEqualTo("TLS");
      assertThatThrownBy(
              () ->
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(
                                  URI.create("http://127.0.0.1:" + sms.port() + "/health"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }
}
