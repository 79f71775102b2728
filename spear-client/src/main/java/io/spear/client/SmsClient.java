package io.spear.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.json.Json;
import io.spear.model.net.BaseUrl;
import io.spear.model.net.BearerToken;
import io.spear.model.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A client of an SMS's REST API; thread-safe. Given several replicas ({@code a:8080,b:8080}), it
 * sends to one and moves to the next when a connection to it cannot be made.
 */
public final class SmsClient {

  private final HttpClient http;
  private final SmsAddresses addresses;
  private final Duration timeout;
  private final BearerToken token;

  /** A client for {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}). */
  public SmsClient(String baseUrl) {
    this(baseUrl, BearerToken.NONE);
  }

  /** A client that presents {@code token} with every request. */
  public SmsClient(String baseUrl, BearerToken token) {
    this(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(60), token);
  }

  /** A client with explicit connect and request timeouts. */
  public SmsClient(String baseUrl, Duration connectTimeout, Duration requestTimeout) {
    this(baseUrl, connectTimeout, requestTimeout, BearerToken.NONE);
  }

  /** A client with explicit timeouts that presents {@code token} with every request. */
  public SmsClient(
      String baseUrl, Duration connectTimeout, Duration requestTimeout, BearerToken token) {
    this.token = Objects.requireNonNull(token, "token");
    this.addresses = SmsAddresses.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    this.timeout = requestTimeout;
  }

  /** {@code host:port} or a URL, as a base URL without a trailing slash. */
  public static String normalize(String address) {
    return BaseUrl.of(address);
  }

  /** The base URL requests go to now. */
  public String baseUrl() {
    return addresses.current();
  }

  /** Uploads a file's bytes; answers the server's JSON ({@code id, sha256, uri, ...}). */
  public JsonNode uploadFile(Path file, String name, Optional<String> checksumSha256)
      throws IOException {
    HttpRequest.Builder request =
        request("/api/v1/files")
            .header("X-File-Name", name)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofFile(file));
    checksumSha256.ifPresent(c -> request.header("X-Checksum-Sha256", c));
    return json(request);
  }

  /** Lists files. */
  public JsonNode listFiles(String query, int limit, int offset) {
    return json(
        request("/api/v1/files" + query(Map.of("q", query, "limit", limit, "offset", offset)))
            .GET());
  }

  /** A file's metadata. */
  public JsonNode fileMeta(String id) {
    return json(request("/api/v1/files/" + encode(id) + "/meta").GET());
  }

  /** Opens a file's bytes; the caller closes the stream. */
  public InputStream downloadFile(String id) {
    HttpResponse<InputStream> response =
        send(
            request("/api/v1/files/" + encode(id)).GET(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      try (InputStream body = response.body()) {
        throw error(response.statusCode(), body.readAllBytes());
      } catch (IOException e) {
        throw new ApiCallException("cannot read error answer from " + baseUrl(), e);
      }
    }
    return response.body();
  }

  /** Deletes a file. */
  public JsonNode deleteFile(String id) {
    return json(request("/api/v1/files/" + encode(id)).DELETE());
  }

  /** Registers a task from its JSON; answers {@code {success, task_id, message}}. */
  public JsonNode registerTask(String taskJson) {
    return json(
        request("/api/v1/tasks")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(taskJson)));
  }

  /** Lists tasks. */
  public JsonNode listTasks(Map<String, Object> filters) {
    return json(request("/api/v1/tasks" + query(filters)).GET());
  }

  /** A task, as JSON. */
  public JsonNode taskJson(String id) {
    return json(request("/api/v1/tasks/" + encode(id)).GET());
  }

  /** A task, typed; empty when SMS does not know it. */
  public Optional<Task> findTask(String id) {
    try {
      return Optional.of(Json.mapper().treeToValue(taskJson(id), Task.class));
    } catch (ApiCallException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    } catch (IOException e) {
      throw new ApiCallException("SMS answered a task that does not parse", e);
    }
  }

  /** Unregisters a task. */
  public JsonNode deleteTask(String id) {
    return json(request("/api/v1/tasks/" + encode(id)).DELETE());
  }

  /** Registers a node; answers {@code {success, node_uuid, message}}. */
  public JsonNode registerNode(String ip, int port, int httpPort, Map<String, String> metadata) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ip_address", ip);
    body.put("port", port);
    body.put("http_port", httpPort);
    body.put("metadata", metadata);
    return postJson("/api/v1/nodes", body);
  }

  /** Heartbeats a node. */
  public JsonNode heartbeat(String nodeUuid, Map<String, String> healthInfo) {
    return postJson(
        "/api/v1/nodes/" + encode(nodeUuid) + "/heartbeat", Map.of("health_info", healthInfo));
  }

  /** Lists nodes. */
  public JsonNode listNodes() {
    return json(request("/api/v1/nodes").GET());
  }

  /** Removes a node. */
  public JsonNode deleteNode(String nodeUuid) {
    return json(request("/api/v1/nodes/" + encode(nodeUuid)).DELETE());
  }

  /** An invocation's answer: the HTTP status and the execution JSON (also for failures). */
  public record InvocationAnswer(int status, JsonNode body) {}

  /**
   * Invokes a task through SMS ({@code POST /api/v1/invocations}); a guest's failure is an answer,
   * not an exception.
   *
   * @throws ApiCallException when the invocation was refused before it ran (unknown task, no node)
   */
  public InvocationAnswer invoke(Map<String, Object> request, Duration timeout) {
    HttpResponse<byte[]> response =
        send(
            token
                .apply(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/invocations")))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(request))),
            HttpResponse.BodyHandlers.ofByteArray());
    JsonNode body;
    try {
      body = Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw error(response.statusCode(), response.body());
    }
    if (response.statusCode() / 100 != 2 && !body.has("execution_id")) {
      throw error(response.statusCode(), response.body());
    }
    return new InvocationAnswer(response.statusCode(), body);
  }

  /** POSTs a JSON body to a path and answers the JSON reply. */
  public JsonNode postJson(String path, Object body) {
    return postJson(path, body, "POST");
  }

  /** Sends a JSON body with {@code method} (POST, PUT) and answers the JSON reply. */
  public JsonNode postJson(String path, Object body, String method) {
    return json(
        request(path)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body))));
  }

  /** GETs a path and answers the JSON reply. */
  public JsonNode getJson(String path) {
    return json(request(path).GET());
  }

  private HttpRequest.Builder request(String path) {
    return token.apply(HttpRequest.newBuilder(URI.create(baseUrl() + path))).timeout(timeout);
  }

  private JsonNode json(HttpRequest.Builder request) {
    HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw error(response.statusCode(), response.body());
    }
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new ApiCallException("server at " + baseUrl() + " answered invalid JSON", e);
    }
  }

  // Only a connection that could not be made moves to the next replica: the request never left,
  // so sending it again cannot apply it twice.
  private <T> HttpResponse<T> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> body) {
    HttpRequest request = builder.build();
    String target = baseOf(request.uri());
    for (int attempt = 1; ; attempt++) {
      try {
        return http.send(request, body);
      } catch (ConnectException | HttpConnectTimeoutException e) {
        if (attempt >= addresses.size()) {
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

  private String baseOf(URI uri) {
    String url = uri.toString();
    return addresses.all().stream()
        .filter(b -> url.startsWith(b + "/") || url.equals(b))
        .findFirst()
        .orElse(baseUrl());
  }

  private static ApiCallException error(int status, byte[] body) {
    try {
      JsonNode json = Json.mapper().readTree(body);
      return new ApiCallException(
          status, json.path("error").asText("HTTP_" + status), json.path("message").asText(""));
    } catch (IOException | RuntimeException e) {
      return new ApiCallException(
          status, "HTTP_" + status, new String(body, StandardCharsets.UTF_8));
    }
  }

  private static String query(Map<String, Object> params) {
    String q =
        params.entrySet().stream()
            .filter(e -> e.getValue() != null && !e.getValue().toString().isEmpty())
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue().toString()))
            .sorted()
            .collect(Collectors.joining("&"));
    return q.isEmpty() ? "" : "?" + q;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
