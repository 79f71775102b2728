package io.spear.http;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow and numerous clients against the server frame SMS and the Spearlet share, over raw loopback
 * sockets: headers sent a byte at a time are cut off at the header timeout, a body trickling in is
 * ended with 408, and one address cannot hold more connections than its cap, while other requests
 * keep being answered.
 */
@Timeout(60)
class SlowClientAttackTest {

  private static final String REQUEST_LINE = "GET /ping HTTP/1.1\r\nHost: t\r\n";

  private HttpServer server;
  private final List<Socket> sockets = new ArrayList<>();

  private void start(ClientLimits limits) {
    server =
        HttpServer.builder("limits-test")
            .openApiResource("/openapi/client-limits-test.yaml")
            .clientLimits(limits)
            .service(
                () ->
                    List.of(
                        Route.get("/ping", ctx -> ctx.result("pong")).publicAccess(),
                        Route.post("/echo", ctx -> ctx.result(ctx.body())).publicAccess()))
            .start();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Socket connect(String from) throws IOException {
    Socket socket = new Socket();
    sockets.add(socket);
    socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
    return socket;
  }

  /** A whole request on a fresh connection from {@code from}; the status line answered. */
  private String request(String from) throws IOException {
    try (Socket socket = connect(from)) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write((REQUEST_LINE + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return answer.lines().findFirst().orElse("");
    }
  }

  /** True once the server closed {@code socket} (end of stream or reset) within {@code wait}. */
  private static boolean closedByServer(Socket socket, Duration wait) throws IOException {
    socket.setSoTimeout((int) wait.toMillis());
    try {
      InputStream in = socket.getInputStream();
      while (true) {
        if (in.read() == -1) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void clientsSendingHeadersAByteAtATimeAreClosedAtTheHeaderTimeout() throws Exception {
    start(new ClientLimits(Duration.ofMillis(400), 0, 0));
    int clients = 40;
    AtomicInteger closed = new AtomicInteger();
    for (int i = 0; i < clients; i++) {
      Socket socket = connect("127.0.0.1");
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  out.write(REQUEST_LINE.getBytes(StandardCharsets.US_ASCII));
                  // One header byte every 50 ms (the read timeout paces the client): never
                  // idle long enough for Jetty's idle timeout.
                  for (int n = 0; n < 400; n++) {
                    out.write('x');
                    out.flush();
                    if (closedByServer(socket, Duration.ofMillis(50))) {
                      closed.incrementAndGet();
                      return;
                    }
                  }
                } catch (IOException e) {
                  closed.incrementAndGet(); // a write after the server closed
                }
              });
    }
    // Normal requests are answered throughout.
    assertThat(request("127.0.0.1")).contains("200");
    eventually(Duration.ofSeconds(10), () -> assertThat(closed.get()).isEqualTo(clients));
    assertThat(request("127.0.0.1")).contains("200");
  }

  @Test
  void aBodyTricklingInIsEndedWith408() throws Exception {
    start(new ClientLimits(Duration.ofSeconds(10), 1000, 0));
    Socket socket = connect("127.0.0.1");
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    StringBuilder answer = new StringBuilder();
    socket.setSoTimeout(50);
    InputStream in = socket.getInputStream();
    eventually(
        Duration.ofSeconds(10),
        () -> {
          try {
            out.write('x');
            out.flush();
            int b;
            while ((b = in.read()) != -1) {
              answer.append((char) b);
            }
          } catch (SocketTimeoutException e) {
            // nothing yet
          } catch (IOException e) {
            // closed after answering
          }
          assertThat(answer.toString()).startsWith("HTTP/1.1 408");
        });
    assertThat(request("127.0.0.1")).contains("200");
  }

  @Test
  void connectionsBeyondAClientsCapAreClosedAndOtherClientsAreServed() throws Exception {
    int cap = 5;
    start(new ClientLimits(Duration.ofSeconds(30), 0, cap));
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < cap + 3; i++) {
      held.add(connect("127.0.0.1"));
    }
    List<Socket> closed = new ArrayList<>();
    eventually(
        () -> {
          for (Socket s : held) {
            if (!closed.contains(s) && closedByServer(s, Duration.ofMillis(20))) {
              closed.add(s);
            }
          }
          assertThat(closed).hasSize(3);
        });
    for (Socket s : held) {
      if (!closed.contains(s)) {
        assertThat(closedByServer(s, Duration.ofMillis(100))).isFalse();
      }
    }
    // Another client address is unaffected; the capped one gets nothing more.
    assertThat(request("127.0.0.2")).contains("200");
    assertThat(request("127.0.0.1")).isEmpty();
  }
}
