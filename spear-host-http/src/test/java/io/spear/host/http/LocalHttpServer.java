package io.spear.host.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) server on a free loopback port that records every request it receives: {@code
 * /echo} answers 200, {@code /missing} 404, {@code /redirect?to=URL} (302, or {@code &status=N}),
 * {@code /bytes?n=N} N bytes, {@code /slow} waits until {@link #release()}.
 */
final class LocalHttpServer implements AutoCloseable {

  /** A request as the server received it. */
  record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : String.join(",", values);
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final CountDownLatch slowArrived = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  private LocalHttpServer(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  static LocalHttpServer http() throws IOException {
    return new LocalHttpServer(
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  static LocalHttpServer https(SSLContext tls) throws IOException {
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new LocalHttpServer(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The next request received, or null when none arrives within a short wait. */
  Received next() throws InterruptedException {
    return received.poll(5, TimeUnit.SECONDS);
  }

  /** The requests received so far, taken. */
  List<Received> drain() {
    List<Received> all = new java.util.ArrayList<>();
    received.drainTo(all);
    return all;
  }

  void awaitSlowRequest() throws InterruptedException {
    if (!slowArrived.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the slow request never arrived");
    }
  }

  void release() {
    released.countDown();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getRawQuery();
    received.add(
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().toString(),
            Map.copyOf(exchange.getRequestHeaders()),
            body));
    try (exchange) {
      switch (path) {
        case "/echo" -> answer(exchange, 200, "hello " + exchange.getRequestMethod());
        case "/missing" -> answer(exchange, 404, "not here");
        case "/redirect" -> {
          Map<String, String> q = query(query);
          exchange.getResponseHeaders().add("Location", q.get("to"));
          answer(exchange, Integer.parseInt(q.getOrDefault("status", "302")), "");
        }
        case "/bytes" -> {
          byte[] bytes = new byte[Integer.parseInt(query(query).get("n"))];
          java.util.Arrays.fill(bytes, (byte) 'x');
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
        }
        case "/slow" -> {
          slowArrived.countDown();
          try {
            released.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(exchange, 200, "late");
        }
        default -> answer(exchange, 500, "unknown path");
      }
    }
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("X-Served-By", "local");
    exchange.getResponseHeaders().add("X-Multi", "a");
    exchange.getResponseHeaders().add("X-Multi", "b");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new java.util.HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          pair.substring(0, eq),
          java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
