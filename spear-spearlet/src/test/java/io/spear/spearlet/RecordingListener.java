package io.spear.spearlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An attacker's listener on a free loopback port: records the head of every request that reaches it
 * (any protocol, WebSocket upgrades included), then hangs up.
 */
final class RecordingListener implements AutoCloseable {

  private final ServerSocket socket;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  RecordingListener() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().start(this::accept);
  }

  /** {@code ws://127.0.0.1:<port>} followed by {@code path}. */
  String wsUrl(String path) {
    return "ws://127.0.0.1:" + socket.getLocalPort() + path;
  }

  /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
  String httpUrl(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  /** The head (request line and headers) of every request received so far. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        client.setSoTimeout(2_000);
        requests.add(head(client.getInputStream()));
      } catch (IOException e) {
        // closed, or a client that sent nothing: the connection itself is what counts
        if (!socket.isClosed()) {
          requests.add("(connection without a request head)");
        }
      }
    }
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && out.size() < 64 * 1024) {
      out.write(b);
      String text = out.toString(StandardCharsets.ISO_8859_1);
      if (text.endsWith("\r\n\r\n")) {
        break;
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    acceptor.interrupt();
  }
}
