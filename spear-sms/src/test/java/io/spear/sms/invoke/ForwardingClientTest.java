package io.spear.sms.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ForwardingClientTest {

  private HttpServer node;
  private final List<HttpClient> built = new ArrayList<>();

  @BeforeEach
  void startNode() throws IOException {
    node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    node.createContext(
        "/",
        exchange -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    node.start();
  }

  @AfterEach
  void stop() {
    node.stop(0);
    built.forEach(HttpClient::shutdownNow);
  }

  private ForwardingClient client() {
    return new ForwardingClient(
        () -> {
          HttpClient client = HttpClient.newHttpClient();
          built.add(client);
          return client;
        });
  }

  private HttpRequest request() {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.getAddress().getPort() + "/invoke"))
        .build();
  }

  @Test
  void aClientThatDiedIsReplacedBeforeTheNextRequest() throws Exception {
    ForwardingClient forwarding = client();
    assertThat(forwarding.send(request()).statusCode()).isEqualTo(200);

    // What a selector thread that died leaves behind: a terminated client.
    built.getFirst().shutdownNow();
    assertThat(built.getFirst().awaitTermination(Duration.ofSeconds(5))).isTrue();

    assertThat(forwarding.send(request()).statusCode()).isEqualTo(200);
    assertThat(built).hasSize(2);
    assertThat(forwarding.healthy()).isTrue();
  }

  @Test
  void aRequestThatFindsItsClientDeadReplacesItAndIsUnhealthyUntilASuccess() throws Exception {
    ForwardingClient forwarding = client();
    HttpClient first = built.getFirst();
    // The client dies while a request is on its way: that request fails, the client is replaced.
    node.createContext(
        "/slow",
        exchange -> {
          first.shutdownNow();
          exchange.close();
        });
    HttpRequest slow =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.getAddress().getPort() + "/slow"))
            .build();

    assertThatThrownBy(() -> forwarding.send(slow)).isInstanceOf(IOException.class);
    assertThat(forwarding.healthy()).isFalse();
    assertThat(built).hasSize(2);

    assertThat(forwarding.send(request()).statusCode()).isEqualTo(200);
    assertThat(forwarding.healthy()).isTrue();
  }
}
