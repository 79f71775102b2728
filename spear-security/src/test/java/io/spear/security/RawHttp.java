package io.spear.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand, for what the JDK client will not send: a forged {@code Host} header and
 * WebSocket handshakes whose refusal status we want to read.
 */
final class RawHttp {

  /** A status and the bytes after the head that arrived before the server closed or paused. */
  record Reply(int status, String text) {}

  private RawHttp() {}

  /**
   * Sends {@code method path} to {@code 127.0.0.1:port} with {@code headers} (a {@code Host} among
   * them replaces the real one) and a JSON body, and reads the answer.
   */
  static Reply send(
      int port, String method, String path, Map<String, String> headers, String body) {
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Host"))) {
      request.append("Host: 127.0.0.1:").append(port).append("\r\n");
    }
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      request.append("Content-Type: application/json\r\n");
    }
    request.append("Content-Length: ").append(content.length).append("\r\n");
    request.append("Connection: close\r\n\r\n");
    return exchange(port, request.toString(), content);
  }

  /**
   * A WebSocket opening handshake on {@code path}; answers 101 when the server upgrades, else the
   * refusal's status.
   */
  static int upgrade(int port, String path, Map<String, String> headers) {
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1:").append(port).append("\r\n");
    request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
    request.append("Sec-WebSocket-Key: c2VjdXJpdHktc3VpdGUtMDE=\r\nSec-WebSocket-Version: 13\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("\r\n");
    return exchange(port, request.toString(), new byte[0]).status();
  }

  /**
   * Sends a request captured elsewhere (head and body as received) to {@code 127.0.0.1:port}, its
   * {@code Host} line replaced: a replay.
   */
  static Reply replay(int port, String captured) {
    int end = captured.indexOf("\r\n\r\n");
    StringBuilder head = new StringBuilder();
    for (String line : captured.substring(0, end).split("\r\n")) {
      String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : "";
      if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Connection")) {
        continue;
      }
      head.append(line).append("\r\n");
    }
    head.append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n\r\n");
    byte[] body = captured.substring(end + 4).getBytes(StandardCharsets.UTF_8);
    return exchange(port, head.toString(), body);
  }

  private static Reply exchange(int port, String head, byte[] body) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      String statusLine = line(in);
      String[] parts = statusLine.split(" ");
      int status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
      if (status == 101) {
        return new Reply(status, "");
      }
      int length = -1;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      }
      byte[] rest = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
      return new Reply(status, new String(rest, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
