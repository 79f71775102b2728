package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.WebSocketBearer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser cannot set an Authorization header on a WebSocket: the endpoint gateway also takes the
 * bearer token from the handshake's subprotocol list ({@code spear.bearer.<base64url>}), never from
 * the URL.
 */
class WebSocketTokenTest {

  @TempDir Path dir;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theGatewayTakesAUserTokenFromTheSubprotocolListOrTheHeader() throws Exception {
    String user = AuthApiTest.TOKENS.get("user");
    try (SmsServer sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(ServerSecurity.withTokens(AuthApiTest.registry()))
            .start()) {
      String gateway = "ws://127.0.0.1:" + sms.port() + "/e/nothing-here/ws";
      assertThat(handshakeStatus(gateway, b -> b.subprotocols("ssf.v1"))).isEqualTo(401);
      assertThat(
              handshakeStatus(
                  gateway, b -> b.subprotocols("ssf.v1", WebSocketBearer.protocol("not-a-token"))))
          .isEqualTo(401);
      // Past the token check: the endpoint itself is unknown.
      assertThat(
              handshakeStatus(
                  gateway, b -> b.subprotocols("ssf.v1", WebSocketBearer.protocol(user))))
          .isEqualTo(404);
      assertThat(handshakeStatus(gateway, b -> b.header("Authorization", "Bearer " + user)))
          .isEqualTo(404);
      // A socket feeds input to a guest: read-only roles may not open one.
      for (String role : new String[] {"viewer", "node"}) {
        assertThat(
                handshakeStatus(
                    gateway,
                    b ->
                        b.subprotocols(
                            "ssf.v1", WebSocketBearer.protocol(AuthApiTest.TOKENS.get(role)))))
            .as(role)
            .isEqualTo(403);
      }
    }
  }

  @Test
  void aTokenInTheSubprotocolListCountsOnlyOnAWebSocketHandshake() {
    try (SmsServer sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(ServerSecurity.withTokens(AuthApiTest.registry()))
            .start()) {
      var answer =
          new io.spear.testing.HttpTestClient(sms.port())
              .get(
                  "/api/v1/tasks",
                  Map.of(
                      "Sec-WebSocket-Protocol",
                      WebSocketBearer.protocol(AuthApiTest.TOKENS.get("admin"))));
      assertThat(answer.status()).isEqualTo(401);
    }
  }

  private static int handshakeStatus(String uri, UnaryOperator<WebSocket.Builder> options)
      throws InterruptedException, java.util.concurrent.TimeoutException {
    try {
      options
          .apply(HTTP.newWebSocketBuilder())
          .buildAsync(URI.create(uri), new WebSocket.Listener() {})
          .get(10, TimeUnit.SECONDS)
          .abort();
      return 101;
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    }
  }
}
