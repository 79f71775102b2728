package io.spear.sms.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ForwardingClientTest {

  private HttpServer node;
  private final List<PoolingHttpClientConnectionManager> built = new ArrayList<>();

  @BeforeEach
  void startNode() throws IOException {
    startNodeOn(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  private void startNodeOn(InetSocketAddress address) throws IOException {
    node = HttpServer.create(address, 0);
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
    built.forEach(PoolingHttpClientConnectionManager::close);
  }

  private ForwardingClient client() {
    return new ForwardingClient(
        () -> {
          PoolingHttpClientConnectionManager pool =
              PoolingHttpClientConnectionManagerBuilder.create().build();
          built.add(pool);
          return pool;
        });
  }

  private NodeRequest request() {
    return request("/invoke");
  }

  private NodeRequest request(String path) {
    return new NodeRequest(
        "POST",
        URI.create("http://127.0.0.1:" + node.getAddress().getPort() + path),
        List.of(),
        new byte[0],
        Duration.ofSeconds(10));
  }

  private int send(ForwardingClient forwarding, NodeRequest request) throws IOException {
    return forwarding.send(request, ForwardingClient.Body.BYTES).statusCode();
  }

  @Test
  void aClientThatDiedIsReplacedBeforeTheNextRequest() throws Exception {
    ForwardingClient forwarding = client();
    assertThat(send(forwarding, request())).isEqualTo(200);

    // What a client whose pool was shut down leaves behind: it fails every request at once.
    built.getFirst().close();

    assertThat(send(forwarding, request())).isEqualTo(200);
    assertThat(built).hasSize(2);
    assertThat(forwarding.healthy()).isTrue();
  }

  @Test
  void aRequestThatFindsItsClientDeadReplacesItAndIsUnhealthyUntilASuccess() throws Exception {
    ForwardingClient forwarding = client();
    PoolingHttpClientConnectionManager first = built.getFirst();
    // The client dies while a request is on its way: that request fails, the client is replaced.
    node.createContext(
        "/slow",
        exchange -> {
          first.close();
          exchange.close();
        });

    assertThatThrownBy(() -> send(forwarding, request("/slow"))).isInstanceOf(IOException.class);
    assertThat(forwarding.healthy()).isFalse();
    assertThat(built).hasSize(2);

    assertThat(send(forwarding, request())).isEqualTo(200);
    assertThat(forwarding.healthy()).isTrue();
  }

  @Test
  void connectionsToANodeAreKeptAliveAndReused() throws Exception {
    Set<Integer> callerPorts = ConcurrentHashMap.newKeySet();
    node.createContext(
        "/count",
        exchange -> {
          callerPorts.add(exchange.getRemoteAddress().getPort());
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    ForwardingClient forwarding = client();

    for (int i = 0; i < 20; i++) {
      assertThat(send(forwarding, request("/count"))).isEqualTo(200);
    }

    assertThat(callerPorts).hasSize(1);
  }

  @Test
  void aNodeThatDoesNotAnswerInTimeFailsWithATimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    node.createContext(
        "/stall",
        exchange -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    NodeRequest stalled =
        new NodeRequest(
            "POST",
            URI.create("http://127.0.0.1:" + node.getAddress().getPort() + "/stall"),
            List.of(),
            new byte[0],
            Duration.ofMillis(200));
    ForwardingClient forwarding = client();
    try {
      assertThatThrownBy(() -> forwarding.send(stalled, ForwardingClient.Body.BYTES))
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(forwarding.healthy()).isTrue();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aStreamedAnswerIsReadAsItArrivesAndClosingItFreesTheConnection() throws Exception {
    ForwardingClient forwarding = client();
    NodeResponse<InputStream> answer = forwarding.send(request(), ForwardingClient.Body.STREAM);
    try (InputStream body = answer.body()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
    }
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(built.getFirst().getTotalStats().getLeased()).isZero();
  }

  @Test
  void aKeptConnectionTheNodeClosedIsNotMistakenForALostRequest() throws Exception {
    ForwardingClient forwarding = client();
    assertThat(send(forwarding, request())).isEqualTo(200);
    // The node restarts on its port: the connection kept from the first request is dead.
    InetSocketAddress address = node.getAddress();
    node.stop(0);
    startNodeOn(address);

    assertThat(send(forwarding, request())).isEqualTo(200);
    assertThat(forwarding.healthy()).isTrue();
  }
}
