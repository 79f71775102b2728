package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.client.SmsClient;
import io.spear.corpus.Corpus;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.tls.TlsFiles;
import io.spear.http.tls.TlsTrust;
import io.spear.model.api.FileUploaded;
import io.spear.model.api.TaskSpec;
import io.spear.model.json.Json;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.streams.SsfFrame;
import io.spear.support.net.BearerToken;
import io.spear.testing.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A stream session through SMS to a node serving TLS: SMS proxies over wss://. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsStreamsTest {

  @TempDir Path dir;

  @Test
  void aSessionFromSmsReachesAnEchoGuestOnANodeServingTls() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
    TlsTrust.install(cert.certificate());
    Optional<TlsFiles> tls = Optional.of(new TlsFiles(cert.certificate(), cert.privateKey()));
    // Built after the trust is installed: a client captures the default SSL context when built.
    HttpClient http = HttpClient.newBuilder().sslContext(SSLContext.getDefault()).build();
    try (SmsServer sms =
            SmsServer.builder(
                    SmsConfig.defaults()
                        .withHost("127.0.0.1")
                        .withPort(0)
                        .withDataDir(dir.resolve("data")))
                .security(ServerSecurity.none().withTls(tls))
                .start();
        SpearletServer spearlet =
            SpearletServer.builder(
                    RuntimeConfig.of(
                        SpearletConfig.defaults().toBuilder()
                            .smsHttpAddr(sms.httpAddr())
                            .bindHost("127.0.0.1")
                            .httpPort(0)
                            .heartbeatInterval(Duration.ofMillis(200))
                            .build()))
                .security(ServerSecurity.none().withTls(tls))
                .start()) {
      SmsClient client = new SmsClient(sms.httpAddr(), BearerToken.NONE);
      eventually(() -> assertThat(client.listNodes().totalCount()).isEqualTo(1));
      Path module = dir.resolve("probe.wasm");
      Files.write(module, Corpus.bytes("streams_probe.c.wasm"));
      FileUploaded file = client.uploadFile(module, "probe.wasm", Optional.empty());
      String taskId =
          client
              .registerTask(
                  TaskSpec.wasm(
                      "echo",
                      new Executable(
                          ExecutableType.WASM,
                          file.uri(),
                          "probe.wasm",
                          "",
                          List.of("echo"),
                          Map.of())))
              .taskId();
      String executionId =
          Json.mapper()
              .readTree(
                  http.send(
                          HttpRequest.newBuilder(
                                  URI.create(
                                      "https://127.0.0.1:"
                                          + spearlet.port()
                                          + "/functions/execute"))
                              .header("Content-Type", "application/json")
                              .POST(
                                  HttpRequest.BodyPublishers.ofString(
                                      "{\"task_id\": \"%s\", \"mode\": \"async\"}"
                                          .formatted(taskId)))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body())
              .get("execution_id")
              .asText();
      JsonNode[] session = new JsonNode[1];
      eventually(
          () -> {
            HttpResponse<String> answer =
                http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                sms.httpAddr()
                                    + "/api/v1/executions/"
                                    + executionId
                                    + "/streams/session"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            session[0] = Json.mapper().readTree(answer.body());
          });
      String wsUrl = session[0].get("ws_url").asText();
      assertThat(wsUrl).startsWith("wss://");

      LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
      WebSocket socket =
          http.newWebSocketBuilder()
              .buildAsync(
                  URI.create(wsUrl),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(
                        WebSocket ws, ByteBuffer data, boolean last) {
                      byte[] bytes = new byte[data.remaining()];
                      data.get(bytes);
                      frames.add(bytes);
                      ws.request(1);
                      return null;
                    }
                  })
              .get(20, TimeUnit.SECONDS);
      byte[] hello = SsfFrame.build(1, SsfFrame.TYPE_DATA, 1, "{}", "over tls");
      socket.sendBinary(ByteBuffer.wrap(hello), true).get(10, TimeUnit.SECONDS);

      assertThat(frames.poll(30, TimeUnit.SECONDS)).isEqualTo(hello);
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
  }
}
