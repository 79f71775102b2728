package io.spear.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A reverse proxy in front of an MCP server that records the headers of every request it passes on:
 * what the node really sent. It answers GET (the optional server-to-client stream) with 405, which
 * a streamable HTTP client must accept.
 */
public final class HeaderRecordingProxy implements AutoCloseable {

  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "connection", "content-length", "expect", "upgrade");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final URI upstream;

  /** The headers of every request received, in order. */
  public final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();

  /** A proxy to {@code upstreamUrl}, started on a free loopback port. */
  public HeaderRecordingProxy(String upstreamUrl) throws IOException {
    this(upstreamUrl, InetAddress.getLoopbackAddress());
  }

  /** A proxy to {@code upstreamUrl}, started on a free port of {@code address}. */
  public HeaderRecordingProxy(String upstreamUrl, InetAddress address) throws IOException {
    this.upstream = URI.create(upstreamUrl);
    server = HttpServer.create(new InetSocketAddress(address, 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::forward);
    server.start();
  }

  /** The proxy's URL, with the upstream's path. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + upstream.getPath();
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Every value of header {@code name} (any case) the proxy received, in order. */
  public List<String> values(String name) {
    return requests.stream()
        .flatMap(h -> h.entrySet().stream())
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream())
        .toList();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.add(Map.copyOf(exchange.getRequestHeaders()));
      if (exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(upstream)
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                  values.forEach(v -> request.header(name, v));
                }
              });
      HttpResponse<byte[]> answer =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      answer
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))
                    && !name.equalsIgnoreCase("transfer-encoding")
                    && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] out = answer.body();
      exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    client.close();
  }
}
