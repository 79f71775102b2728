package io.spear.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client given several SMS replicas moves on from one that cannot be reached. */
class SmsClientFailoverTest {

  private HttpServer replica;

  @BeforeEach
  void startAReplica() throws IOException {
    replica = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    replica.createContext(
        "/api/v1/nodes",
        exchange -> {
          byte[] body = "{\"nodes\": [], \"total_count\": 0}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    replica.start();
  }

  @AfterEach
  void stop() {
    replica.stop(0);
  }

  @Test
  void aRefusedConnectionMovesTheClientToTheNextReplicaForGood() throws IOException {
    String down = "127.0.0.1:" + closedPort();
    String up = "127.0.0.1:" + replica.getAddress().getPort();
    SmsClient client = new SmsClient(down + "," + up);

    assertThat(client.baseUrl()).isEqualTo("http://" + down);
    assertThat(client.listNodes().totalCount()).isZero();
    assertThat(client.baseUrl()).isEqualTo("http://" + up);
    assertThat(client.listNodes().totalCount()).isZero();
  }

  @Test
  void whenNoReplicaAnswersTheCallFailsNamingTheLastOneTried() throws IOException {
    String first = "127.0.0.1:" + closedPort();
    String second = "127.0.0.1:" + closedPort();
    SmsClient client = new SmsClient(first + ", http://" + second + "/");

    assertThatThrownBy(client::listNodes)
        .isInstanceOf(ApiCallException.class)
        .hasMessageContaining("cannot reach http://" + second);
  }

  @Test
  void addressesAreNormalizedAndDeduplicated() {
    SmsAddresses addresses = SmsAddresses.parse("a:1, http://b:2/ ,a:1,");
    assertThat(addresses.all()).containsExactly("http://a:1", "http://b:2");
    assertThat(addresses.failOver("http://a:1")).isEqualTo("http://b:2");
    assertThat(addresses.failOver("http://a:1")).isEqualTo("http://b:2");
    assertThat(addresses.failOver("http://b:2")).isEqualTo("http://a:1");
    assertThatThrownBy(() -> SmsAddresses.parse(" , "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
