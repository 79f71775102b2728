package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.http.tls.TlsFiles;
import io.spear.http.tls.TlsTrust;
import io.spear.model.json.Json;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.streams.SsfFrame;
import io.spear.testing.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With tokens and TLS on both servers, SMS reaches a node with the secret it gave it at
 * registration: invocations, the execution's output, cancellation and a stream over wss://.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsNodeSecretTest {

  @TempDir Path dir;

  private final String user = TokenRegistry.generateToken();
  private HttpClient http;
  private String sms;

  @Test
  void invocationsOutputCancelAndStreamsReachATlsNodeThroughSmsWithTokens() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
    TlsTrust.install(cert.certificate());
    Optional<TlsFiles> tls = Optional.of(new TlsFiles(cert.certificate(), cert.privateKey()));
    // Built after the trust is installed: a client captures the default SSL context when built.
    http = HttpClient.newBuilder().sslContext(SSLContext.getDefault()).build();
    String nodeToken = TokenRegistry.generateToken();
    TokenRegistry people = TokenRegistry.empty().with("alice", Role.USER, user);
    try (SmsServer server =
            SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
                .security(
                    ServerSecurity.withTokens(people.with("node-a", Role.NODE, nodeToken))
                        .withTls(tls))
                .start();
        SpearletServer spearlet =
            SpearletServer.builder(
                    RuntimeConfig.of(
                        SpearletConfig.defaults().toBuilder()
                            .smsHttpAddr(server.httpAddr())
                            .httpPort(0)
                            .heartbeatInterval(Duration.ofMillis(200))
                            .build()))
                .security(
                    ServerSecurity.withTokens(people)
                        .withOutboundToken(Optional.of(nodeToken))
                        .withTls(tls))
                .start()) {
      sms = server.httpAddr();
      eventually(() -> assertThat(spearlet.nodeUuid()).isPresent());

      String echo = task("echo_upper.c.wasm", "");
      HttpResponse<String> invoked = post("/api/v1/tasks/" + echo + "/invoke", "tls");
      assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
      assertThat(invoked.body()).isEqualTo("TLS");

      String spinning = startAsync(task("infinite_loop.wat.wasm", ""));
      eventually(
          () ->
              assertThat(get("/api/v1/executions/" + spinning + "/output").statusCode())
                  .isEqualTo(200));
      HttpResponse<String> cancelled = post("/api/v1/executions/" + spinning + "/cancel", "{}");
      assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

      String streaming = startAsync(task("streams_probe.c.wasm", "echo"));
      JsonNode[] session = new JsonNode[1];
      eventually(
          () -> {
            HttpResponse<String> answer =
                post("/api/v1/executions/" + streaming + "/streams/session", "{}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            session[0] = Json.mapper().readTree(answer.body());
          });
      assertThat(echoOver(session[0].get("ws_url").asText(), "over tls")).isTrue();
    }
  }

  private boolean echoOver(String wsUrl, String text) throws Exception {
    LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(wsUrl),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    frames.add(bytes);
                    ws.request(1);
                    return null;
                  }
                })
            .get(20, TimeUnit.SECONDS);
    byte[] hello = SsfFrame.build(1, SsfFrame.TYPE_DATA, 1, "{}", text);
    socket.sendBinary(ByteBuffer.wrap(hello), true).get(10, TimeUnit.SECONDS);
    byte[] back = frames.poll(30, TimeUnit.SECONDS);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    return java.util.Arrays.equals(back, hello);
  }

  private String task(String fixture, String arg) throws Exception {
    HttpResponse<String> file =
        http.send(
            request("/api/v1/files")
                .header("X-File-Name", fixture)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Corpus.bytes(fixture)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String fileId = Json.mapper().readTree(file.body()).get("id").asText();
    String spec =
        "{\"name\": \"t\", \"executable\": {\"type\": \"wasm\", \"uri\": \"sms+file://%s\","
            + " \"args\": %s}}";
    HttpResponse<String> task =
        post("/api/v1/tasks", spec.formatted(fileId, arg.isEmpty() ? "[]" : "[\"" + arg + "\"]"));
    return Json.mapper().readTree(task.body()).get("task_id").asText();
  }

  private String startAsync(String task) throws Exception {
    HttpResponse<String> started =
        post("/api/v1/invocations", "{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(task));
    assertThat(started.statusCode()).as(started.body()).isIn(200, 202);
    return Json.mapper().readTree(started.body()).get("execution_id").asText();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(sms + path)).header("Authorization", "Bearer " + user);
  }
}
