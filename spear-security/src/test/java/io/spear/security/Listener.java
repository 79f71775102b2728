package io.spear.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP listener that records every connection and the request head (and a body up to 64
 * KiB) sent on it, then answers a fixed HTTP response and closes. As a canary it must record
 * nothing; as a forged node it shows what SMS sent it.
 */
final class Listener implements AutoCloseable {

  private static final int MAX_RECORDED = 64 * 1024;

  private final List<ServerSocket> sockets = new ArrayList<>();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final byte[] response;

  private Listener(String status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    this.response =
        ("HTTP/1.1 "
                + status
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + bytes.length
                + "\r\nConnection: close\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A listener on a free port of 127.0.0.1, and on the same port of ::1 when this host has IPv6
   * loopback and the port is free there, so that {@code [::1]} forms reach it too.
   */
  static Listener start(String status, String body) {
    Listener listener = new Listener(status, body);
    try {
      ServerSocket v4 = new ServerSocket();
      v4.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      listener.serve(v4);
      try {
        ServerSocket v6 = new ServerSocket();
        v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), v4.getLocalPort()));
        listener.serve(v6);
      } catch (IOException noIpv6) {
        // IPv4 loopback only on this host: the [::1] forms cannot reach anything anyway.
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return listener;
  }

  /** A canary: answers 200 with an empty body, and should never be called. */
  static Listener canary() {
    return start("200 OK", "");
  }

  int port() {
    return sockets.getFirst().getLocalPort();
  }

  /** {@code 127.0.0.1:<port>}. */
  String hostPort() {
    return "127.0.0.1:" + port();
  }

  /** Each connection's request head (and body), in arrival order. */
  List<String> received() {
    return List.copyOf(received);
  }

  private void serve(ServerSocket socket) {
    sockets.add(socket);
    Thread.ofVirtual()
        .name("listener-" + socket.getLocalPort())
        .start(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket client = socket.accept();
                  Thread.ofVirtual().start(() -> answer(client));
                } catch (IOException closed) {
                  return;
                }
              }
            });
  }

  private void answer(Socket client) {
    try (client) {
      client.setSoTimeout(5_000);
      received.add(readRequest(client.getInputStream()));
      OutputStream out = client.getOutputStream();
      out.write(response);
      out.flush();
    } catch (IOException e) {
      received.add("(connection failed: " + e + ")");
    }
  }

  /** The head, then as much of the body as Content-Length announces (bounded). */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while (head.size() < MAX_RECORDED && (b = in.read()) != -1) {
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        break;
      }
    }
    String text = head.toString(StandardCharsets.UTF_8);
    int length = contentLength(text);
    byte[] body = in.readNBytes(Math.min(length, MAX_RECORDED));
    return text + new String(body, StandardCharsets.UTF_8);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        try {
          return Integer.parseInt(line.substring(15).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  @Override
  public void close() {
    for (ServerSocket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
