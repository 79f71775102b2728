package io.spear.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for end-to-end tests against a real server on a local port. */
public final class HttpTestClient {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  /** A client for {@code http://127.0.0.1:<port>}. */
  public HttpTestClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** An answer: status, headers and body. */
  public record Answer(int status, java.net.http.HttpHeaders headers, byte[] body) {

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON. */
    public JsonNode json() {
      return Json.tree(text());
    }

    /** A header's first value, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** GET a path. */
  public Answer get(String path) {
    return send(request(path).GET(), Map.of());
  }

  /** GET a path with headers. */
  public Answer get(String path, Map<String, String> headers) {
    return send(request(path).GET(), headers);
  }

  /** DELETE a path. */
  public Answer delete(String path) {
    return send(request(path).DELETE(), Map.of());
  }

  /** DELETE a path with a JSON body. */
  public Answer delete(String path, String json) {
    return send(
        request(path).method("DELETE", HttpRequest.BodyPublishers.ofString(json)),
        Map.of("Content-Type", "application/json"));
  }

  /** POST a JSON body. */
  public Answer postJson(String path, String json) {
    return send(
        request(path).POST(HttpRequest.BodyPublishers.ofString(json)),
        Map.of("Content-Type", "application/json"));
  }

  /** POST raw bytes with headers. */
  public Answer post(String path, byte[] body, Map<String, String> headers) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
  }

  /** POST a body of unknown length (sent chunked). */
  public Answer postStream(
      String path, java.util.function.Supplier<java.io.InputStream> body, Map<String, String> h) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofInputStream(body)), h);
  }

  /** Sends any method with an optional body. */
  public Answer send(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body);
    return send(request(path).method(method, publisher), headers);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
  }

  private Answer send(HttpRequest.Builder builder, Map<String, String> headers) {
    headers.forEach(builder::header);
    try {
      HttpResponse<byte[]> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
