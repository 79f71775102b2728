package io.spear.client.kv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.spear.client.ApiCallException;
import io.spear.client.SmsAddresses;
import io.spear.model.json.Json;
import io.spear.model.kv.KvRules;
import io.spear.support.net.BearerToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A blocking client of SMS's key-value API; thread-safe. Every call waits at most the timeout it
 * was built with. Absent keys and unmet conditions are results; anything else (a limit, a refused
 * token, no SMS) is an {@link ApiCallException} with the API's error code. Names and sizes are
 * checked before anything is sent, so a limit is refused in the same words without a round trip.
 * Given several SMS addresses ({@code a:8080,b:8080}) it moves to the next when one cannot be
 * reached.
 */
public final class KvClient implements AutoCloseable {

  private final HttpClient http;
  private final SmsAddresses addresses;
  private final Duration timeout;
  private final BearerToken token;

  /**
   * A client of the SMS at {@code addresses}, presenting {@code token}, waiting {@code timeout}.
   */
  public KvClient(String addresses, BearerToken token, Duration timeout) {
    this.addresses = SmsAddresses.parse(Objects.requireNonNull(addresses, "addresses"));
    this.token = Objects.requireNonNull(token, "token");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The key's value and version, or empty when it does not exist. */
  public Optional<KvValue> get(String namespace, String key) {
    HttpResponse<byte[]> answer = send(request(namespace, key).GET());
    if (answer.statusCode() == 404 && code(answer).equals("KEY_NOT_FOUND")) {
      return Optional.empty();
    }
    ok(answer);
    return Optional.of(new KvValue(answer.body(), version(answer)));
  }

  /** Writes the key whatever it holds; answers the version written. */
  public long put(String namespace, String key, byte[] value) {
    return switch (write(namespace, key, value, null, null)) {
      case KvWrite.Written w -> w.version();
      default -> throw new IllegalStateException("an unconditional write has no condition to fail");
    };
  }

  /** Writes the key only if it is at {@code version} (a compare-and-set). */
  public KvWrite putIfVersion(String namespace, String key, byte[] value, long version) {
    return write(namespace, key, value, "If-Match", "\"" + version + "\"");
  }

  /** Writes the key only if it does not exist. */
  public KvWrite create(String namespace, String key, byte[] value) {
    return write(namespace, key, value, "If-None-Match", "*");
  }

  /** Deletes the key; {@link KvWrite.NotFound} when it was not there. */
  public KvWrite delete(String namespace, String key) {
    return delete(namespace, key, Optional.empty());
  }

  /** Deletes the key only if it is at {@code version}. */
  public KvWrite deleteIfVersion(String namespace, String key, long version) {
    return delete(namespace, key, Optional.of(version));
  }

  /** Up to {@code limit} keys starting with {@code prefix}, from {@code cursor} (empty: first). */
  public KvListing list(String namespace, String prefix, Optional<String> cursor, int limit) {
    KvRules.namespace(namespace, "namespace");
    String query =
        Stream.of(
                "prefix=" + encode(KvRules.prefix(prefix)),
                "limit=" + limit,
                cursor.map(c -> "cursor=" + encode(c)).orElse(""))
            .filter(p -> !p.isEmpty())
            .collect(Collectors.joining("&"));
    HttpResponse<byte[]> answer = send(base("/api/v1/kv/" + encode(namespace) + "?" + query).GET());
    ok(answer);
    try {
      Page page = Json.mapper().readValue(answer.body(), Page.class);
      return new KvListing(page.keys(), page.count(), Optional.ofNullable(page.nextCursor()));
    } catch (IOException e) {
      throw new ApiCallException("SMS answered a listing that is not one", e);
    }
  }

  /** The namespaces that hold keys. */
  public KvNamespaces namespaces() {
    HttpResponse<byte[]> answer = send(base("/api/v1/kv").GET());
    ok(answer);
    try {
      return Json.mapper().readValue(answer.body(), KvNamespaces.class);
    } catch (IOException e) {
      throw new ApiCallException("SMS answered a namespace list that is not one", e);
    }
  }

  private KvWrite write(
      String namespace, String key, byte[] value, String header, String headerValue) {
    KvRules.valueSize(value.length);
    HttpRequest.Builder request =
        request(namespace, key)
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(value));
    if (header != null) {
      request.header(header, headerValue);
    }
    return outcome(send(request));
  }

  private KvWrite delete(String namespace, String key, Optional<Long> version) {
    HttpRequest.Builder request = request(namespace, key).DELETE();
    version.ifPresent(v -> request.header("If-Match", "\"" + v + "\""));
    return outcome(send(request));
  }

  private KvWrite outcome(HttpResponse<byte[]> answer) {
    String code = code(answer);
    if (answer.statusCode() == 412 && code.equals("VERSION_MISMATCH")) {
      return new KvWrite.VersionMismatch(message(answer));
    }
    if (answer.statusCode() == 404 && code.equals("KEY_NOT_FOUND")) {
      return new KvWrite.NotFound();
    }
    ok(answer);
    JsonNode body = Json.tree(new String(answer.body(), StandardCharsets.UTF_8));
    return new KvWrite.Written(
        body.path("version").asLong(), body.path("created").asBoolean(false));
  }

  private HttpRequest.Builder request(String namespace, String key) {
    KvRules.namespace(namespace, "namespace");
    KvRules.key(key);
    // Each part of the key on its own, so its '/' stay separators the route takes whole.
    String path =
        Stream.of(key.split("/", -1)).map(KvClient::encode).collect(Collectors.joining("/"));
    return base("/api/v1/kv/" + encode(namespace) + "/" + path);
  }

  private HttpRequest.Builder base(String path) {
    return token
        .apply(HttpRequest.newBuilder(URI.create(addresses.current() + path)))
        .timeout(timeout);
  }

  // A connection that could not be made moves to the next address: the request never left.
  private HttpResponse<byte[]> send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    String target = addresses.current();
    for (int failovers = 1; ; failovers++) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        if (failovers >= addresses.size()) {
          throw new ApiCallException("cannot reach " + target + ": " + e, e);
        }
        String next = addresses.failOver(target);
        request =
            HttpRequest.newBuilder(request, (name, value) -> true)
                .uri(URI.create(next + request.uri().toString().substring(target.length())))
                .build();
        target = next;
      } catch (IOException e) {
        throw new ApiCallException("cannot reach " + target + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiCallException("interrupted while calling " + target, e);
      }
    }
  }

  private static void ok(HttpResponse<byte[]> answer) {
    if (answer.statusCode() / 100 != 2) {
      throw new ApiCallException(answer.statusCode(), code(answer), message(answer));
    }
  }

  private static long version(HttpResponse<byte[]> answer) {
    String etag = answer.headers().firstValue("ETag").orElse("");
    try {
      return Long.parseLong(etag.replace("\"", ""));
    } catch (NumberFormatException e) {
      throw new ApiCallException(
          answer.statusCode(),
          "HTTP_" + answer.statusCode(),
          "SMS answered a value without a version (ETag '" + etag + "')");
    }
  }

  private static String code(HttpResponse<byte[]> answer) {
    return errorField(answer, "error").orElse("HTTP_" + answer.statusCode());
  }

  private static String message(HttpResponse<byte[]> answer) {
    return errorField(answer, "message").orElse(new String(answer.body(), StandardCharsets.UTF_8));
  }

  private static Optional<String> errorField(HttpResponse<byte[]> answer, String field) {
    if (answer.statusCode() / 100 == 2) {
      return Optional.empty();
    }
    try {
      JsonNode body = Json.mapper().readTree(answer.body());
      return body.hasNonNull(field) ? Optional.of(body.get(field).asText()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A listing as the API answers it: no next_cursor on the last page. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Page(java.util.List<KvListing.Key> keys, long count, String nextCursor) {}

  /** Stops the client: its connections and its selector thread end now. */
  @Override
  public void close() {
    http.shutdownNow();
    // Until its selector thread is gone: a JVM exiting while that thread still waits in a system
    // call waits 0.3 s for it.
    try {
      http.awaitTermination(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
