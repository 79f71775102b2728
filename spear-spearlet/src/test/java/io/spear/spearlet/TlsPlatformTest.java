package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.ai.AiConfig;
import io.spear.client.SmsClient;
import io.spear.corpus.Corpus;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.http.tls.TlsFiles;
import io.spear.http.tls.TlsTrust;
import io.spear.model.config.SpearletConfig;
import io.spear.model.net.BearerToken;
import io.spear.runtime.RuntimeConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
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
            SmsServer.start(
                SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")),
                ServerSecurity.withTokens(people.with("node-a", Role.NODE, node))
                    .withOutboundToken(Optional.of(smsToken))
                    .withTls(tls));
        SpearletServer spearlet =
            SpearletServer.start(
                RuntimeConfig.of(
                    SpearletConfig.defaults().toBuilder()
                        .smsHttpAddr(sms.httpAddr())
                        .httpPort(0)
                        .heartbeatInterval(Duration.ofMillis(200))
                        .build()),
                AiConfig.NONE,
                System::nanoTime,
                ServerSecurity.withTokens(people.with("sms", Role.USER, smsToken))
                    .withOutboundToken(Optional.of(node))
                    .withTls(tls))) {
      assertThat(sms.httpAddr()).startsWith("https://");
      assertThat(spearlet.port()).isPositive();
      SmsClient client = new SmsClient(sms.httpAddr(), BearerToken.ofNullable(user));
      eventually(() -> assertThat(client.listNodes().path("total_count").asInt()).isEqualTo(1));
      Path module = dir.resolve("echo.wasm");
      Files.write(module, Corpus.bytes("echo_upper.c.wasm"));
      String fileId = client.uploadFile(module, "echo.wasm", Optional.empty()).get("id").asText();
      String taskId =
          client
              .registerTask(
                  """
                  {"name": "echo", "priority": "normal", "endpoint": "", "version": "1",
                   "capabilities": ["wasm"], "metadata": {}, "config": {},
                   "executable": {"type": "wasm", "uri": "sms+file://%s", "name": "echo.wasm",
                                  "args": [], "env": {}}}
                  """
                      .formatted(fileId))
              .get("task_id")
              .asText();

      SmsClient.InvocationAnswer answer =
          client.invoke(
              Map.of(
                  "task_id",
                  taskId,
                  "input_base64",
                  Base64.getEncoder().encodeToString("tls".getBytes())),
              Duration.ofSeconds(60));

      assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
      assertThat(
              new String(Base64.getDecoder().decode(answer.body().path("output_base64").asText())))
          .isEqualTo("TLS");
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
