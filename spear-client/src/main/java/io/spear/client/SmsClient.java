package io.spear.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.model.api.Done;
import io.spear.model.api.ExecutionList;
import io.spear.model.api.ExecutionLogLines;
import io.spear.model.api.ExecutionLogPage;
import io.spear.model.api.ExecutionReports;
import io.spear.model.api.FileInfo;
import io.spear.model.api.FileList;
import io.spear.model.api.FileUploaded;
import io.spear.model.api.Heartbeat;
import io.spear.model.api.HeartbeatAnswer;
import io.spear.model.api.InvocationRequest;
import io.spear.model.api.InvocationResult;
import io.spear.model.api.NodeExecutions;
import io.spear.model.api.NodeList;
import io.spear.model.api.NodeReconciled;
import io.spear.model.api.NodeRegistered;
import io.spear.model.api.NodeRegistration;
import io.spear.model.api.SecretList;
import io.spear.model.api.SecretValues;
import io.spear.model.api.SecretWritten;
import io.spear.model.api.SpearHeaders;
import io.spear.model.api.TaskList;
import io.spear.model.api.TaskRegistered;
import io.spear.model.api.TaskSpec;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.json.Json;
import io.spear.model.task.Task;
import io.spear.support.net.BaseUrl;
import io.spear.support.net.BearerToken;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A typed client of an SMS's REST API; thread-safe. Every answer is a record of {@code
 * io.spear.model.api} (or of the model); every failure is an {@link ApiCallException} carrying the
 * API's error code. Given several replicas ({@code a:8080,b:8080}), it sends to one and moves to
 * the next when a connection to it cannot be made. Idempotent calls (GET, PUT, DELETE) are tried
 * again when a connection breaks mid-call; others never are, so nothing is applied twice.
 */
public final class SmsClient implements AutoCloseable {

  /** The header that carries the bearer token, when one is given. */
  public static final String AUTHORIZATION = "Authorization";

  private static final int IDEMPOTENT_ATTEMPTS = 3;
  private static final long RETRY_BACKOFF_MS = 100;

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
    this.addresses = SmsAddresses.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
    this.http = PlainHttp.client(addresses.all(), connectTimeout);
    this.timeout = requestTimeout;
    this.token = Objects.requireNonNull(token, "token");
  }

  /** {@code host:port} or a URL, as a base URL without a trailing slash. */
  public static String normalize(String address) {
    return BaseUrl.of(address);
  }

  /** The base URL requests go to now. */
  public String baseUrl() {
    return addresses.current();
  }

  // ---- files

  /**
   * Uploads a file's bytes.
   *
   * @param checksumSha256 the hex sha256 the server must find, or empty
   * @throws ApiCallException {@code CHECKSUM_MISMATCH}, {@code EMPTY_UPLOAD}, {@code
   *     PAYLOAD_TOO_LARGE}
   * @throws IOException when the file cannot be read
   */
  public FileUploaded uploadFile(Path file, String name, Optional<String> checksumSha256)
      throws IOException {
    return uploadFile(file, name, checksumSha256, bytes -> {});
  }

  /**
   * Uploads a file's bytes, telling {@code sent} each time a chunk goes out (its size in bytes),
   * for a progress display; otherwise as {@link #uploadFile(Path, String, Optional)}.
   */
  public FileUploaded uploadFile(
      Path file, String name, Optional<String> checksumSha256, LongConsumer sent)
      throws IOException {
    HttpRequest.Builder request =
        request("/api/v1/files")
            .header("X-File-Name", name)
            .header("Content-Type", "application/octet-stream")
            .POST(new CountingBodyPublisher(HttpRequest.BodyPublishers.ofFile(file), sent));
    checksumSha256.ifPresent(c -> request.header("X-Checksum-Sha256", c));
    return call(request, false, FileUploaded.class);
  }

  /** One page of files whose id or name contains {@code query} (empty: all), newest first. */
  public FileList listFiles(String query, int limit, int offset) {
    return get(filesPath(query, limit, offset), FileList.class);
  }

  /** As {@link #listFiles}, the answer's JSON as SMS sent it (printed without binding it). */
  public byte[] listFilesJson(String query, int limit, int offset) {
    return getJson(filesPath(query, limit, offset));
  }

  private static String filesPath(String query, int limit, int offset) {
    return "/api/v1/files" + query(Map.of("q", query, "limit", limit, "offset", offset));
  }

  /**
   * A file's metadata.
   *
   * @throws ApiCallException {@code FILE_NOT_FOUND}
   */
  public FileInfo fileMeta(String id) {
    return get("/api/v1/files/" + encode(id) + "/meta", FileInfo.class);
  }

  /** A stored file with these bytes' sha256 (lower-case hex), if SMS has one. */
  public Optional<FileInfo> findFileBySha256(String sha256) {
    String wanted = sha256.toLowerCase(java.util.Locale.ROOT);
    int offset = 0;
    while (true) {
      FileList page = listFiles("", 1000, offset);
      Optional<FileInfo> hit =
          page.files().stream().filter(f -> wanted.equals(f.sha256())).findFirst();
      offset += page.files().size();
      if (hit.isPresent() || page.files().isEmpty() || offset >= page.totalCount()) {
        return hit;
      }
    }
  }

  /**
   * Opens a file's bytes; the caller closes the stream.
   *
   * @throws ApiCallException {@code FILE_NOT_FOUND}
   */
  public InputStream downloadFile(String id) {
    HttpResponse<InputStream> response =
        send(
            () -> request("/api/v1/files/" + encode(id)).GET(),
            true,
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

  /**
   * Deletes a file.
   *
   * @throws ApiCallException {@code FILE_NOT_FOUND}
   */
  public Done deleteFile(String id) {
    return call(request("/api/v1/files/" + encode(id)).DELETE(), true, Done.class);
  }

  // ---- tasks

  /**
   * Registers a task.
   *
   * @throws ApiCallException {@code INVALID_REQUEST}, {@code ENDPOINT_CONFLICT}
   */
  public TaskRegistered registerTask(TaskSpec spec) {
    return call(jsonRequest("/api/v1/tasks", "POST", spec), false, TaskRegistered.class);
  }

  /**
   * Replaces what a task was registered with, keeping its id; nodes pick the change up at the next
   * invocation.
   *
   * @throws ApiCallException {@code TASK_NOT_FOUND}, {@code INVALID_REQUEST}, {@code
   *     ENDPOINT_CONFLICT}
   */
  public Task updateTask(String id, TaskSpec spec) {
    return call(jsonRequest("/api/v1/tasks/" + encode(id), "PUT", spec), true, TaskUpdated.class)
        .task();
  }

  /** The answer of {@code PUT /api/v1/tasks/{id}}. */
  record TaskUpdated(boolean success, Task task) {}

  /** One page of tasks matching {@code filter}, newest first. */
  public TaskList listTasks(TaskFilter filter) {
    return get(tasksPath(filter), TaskList.class);
  }

  /** As {@link #listTasks}, the answer's JSON as SMS sent it (printed without binding it). */
  public byte[] listTasksJson(TaskFilter filter) {
    return getJson(tasksPath(filter));
  }

  private static String tasksPath(TaskFilter filter) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", filter.name());
    params.put("status", filter.status() == null ? null : filter.status().wire());
    params.put("priority", filter.priority() == null ? null : filter.priority().wire());
    params.put("node_uuid", filter.nodeUuid());
    params.put("limit", filter.limit());
    params.put("offset", filter.offset());
    return "/api/v1/tasks" + query(params);
  }

  /**
   * A task.
   *
   * @throws ApiCallException {@code TASK_NOT_FOUND}
   */
  public Task task(String id) {
    return get("/api/v1/tasks/" + encode(id), Task.class);
  }

  /** A task; empty when SMS does not know it. */
  public Optional<Task> findTask(String id) {
    return notFoundAsEmpty(() -> task(id));
  }

  /** The task that owns {@code endpoint} (any case), if any. */
  public Optional<Task> findTaskByEndpoint(String endpoint) {
    return get("/api/v1/tasks?endpoint=" + encode(endpoint) + "&limit=1", TaskList.class)
        .tasks()
        .stream()
        .findFirst();
  }

  /** The newest task named {@code name}, if any. */
  public Optional<Task> findTaskByName(String name) {
    return listTasks(TaskFilter.named(name).page(1, 0)).tasks().stream().findFirst();
  }

  /**
   * Unregisters a task.
   *
   * @throws ApiCallException {@code TASK_NOT_FOUND}
   */
  public Done deleteTask(String id) {
    return call(request("/api/v1/tasks/" + encode(id)).DELETE(), true, Done.class);
  }

  // ---- nodes

  /** Registers a node; SMS answers its new uuid. */
  public NodeRegistered registerNode(NodeRegistration registration) {
    return call(jsonRequest("/api/v1/nodes", "POST", registration), false, NodeRegistered.class);
  }

  /**
   * Registers a node under the uuid it was given before, so that it comes back as itself after a
   * restart; SMS answers that uuid.
   */
  public NodeRegistered registerNodeAs(String nodeUuid, NodeRegistration registration) {
    ObjectNode body = Json.mapper().valueToTree(registration);
    body.put("node_uuid", nodeUuid);
    return call(jsonRequest("/api/v1/nodes", "POST", body), false, NodeRegistered.class);
  }

  /**
   * Tells SMS which executions this node still knows; SMS ends the node's others (NODE_LOST).
   *
   * @throws ApiCallException {@code NODE_NOT_FOUND}
   */
  public NodeReconciled reconcileNode(String nodeUuid, List<String> executions) {
    return call(
        jsonRequest(
            "/api/v1/nodes/" + encode(nodeUuid) + "/reconcile",
            "POST",
            new NodeExecutions(executions)),
        true,
        NodeReconciled.class);
  }

  /**
   * Heartbeats a node.
   *
   * @throws ApiCallException {@code NODE_NOT_FOUND} when SMS forgot the node
   */
  public HeartbeatAnswer heartbeat(String nodeUuid, Map<String, String> healthInfo) {
    return call(
        jsonRequest(
            "/api/v1/nodes/" + encode(nodeUuid) + "/heartbeat", "POST", new Heartbeat(healthInfo)),
        true,
        HeartbeatAnswer.class);
  }

  /** Every node SMS knows. */
  public NodeList listNodes() {
    return get("/api/v1/nodes", NodeList.class);
  }

  /**
   * Removes a node.
   *
   * @throws ApiCallException {@code NODE_NOT_FOUND}
   */
  public Done deleteNode(String nodeUuid) {
    return call(request("/api/v1/nodes/" + encode(nodeUuid)).DELETE(), true, Done.class);
  }

  // ---- secrets

  /**
   * Creates or replaces a secret (admin only).
   *
   * @throws ApiCallException {@code SECRETS_UNAVAILABLE} when SMS has no secrets key
   */
  public SecretWritten putSecret(String name, String value, List<String> allowedHosts) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("name", name);
    body.put("value", value);
    allowedHosts.forEach(body.putArray("allowed_hosts")::add);
    return call(jsonRequest("/api/v1/secrets", "POST", body), true, SecretWritten.class);
  }

  /** Every secret's name and times, never a value. */
  public SecretList listSecrets() {
    return get("/api/v1/secrets", SecretList.class);
  }

  /** As {@link #listSecrets}, the answer's JSON as SMS sent it (printed without binding it). */
  public byte[] listSecretsJson() {
    return getJson("/api/v1/secrets");
  }

  /**
   * Deletes a secret (admin only).
   *
   * @throws ApiCallException {@code SECRET_NOT_FOUND}
   */
  public Done deleteSecret(String name) {
    return call(request("/api/v1/secrets/" + encode(name)).DELETE(), true, Done.class);
  }

  /**
   * For a node: the values of the secrets {@code taskId} refers to, to run it on {@code nodeUuid}.
   *
   * @throws ApiCallException {@code SECRET_NOT_FOUND}, {@code SECRETS_UNAVAILABLE}
   */
  public Map<String, String> resolveSecrets(String taskId, String nodeUuid) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("task_id", taskId);
    body.put("node_uuid", nodeUuid);
    return call(jsonRequest("/api/v1/secrets/resolve", "POST", body), true, SecretValues.class)
        .values();
  }

  /**
   * For a node: the values of the secrets MCP server {@code serverId} refers to in its {@code
   * http.headers} or {@code stdio.env}, for a session the node {@code nodeUuid} opens with it.
   *
   * @throws ApiCallException {@code SECRET_NOT_FOUND}, {@code PERMISSION_DENIED} (the server's URL
   *     is outside a secret's allowed_hosts), {@code SECRETS_UNAVAILABLE}
   */
  public Map<String, String> resolveMcpSecrets(String serverId, String nodeUuid) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("mcp_server_id", serverId);
    body.put("node_uuid", nodeUuid);
    return call(jsonRequest("/api/v1/secrets/resolve", "POST", body), true, SecretValues.class)
        .values();
  }

  /**
   * For a node: the secrets named in an execution's {@code http_call} header values that may be
   * used there (those listing {@code allowed_hosts}), with their values and allowed hosts; names
   * SMS does not give are absent.
   */
  public SecretValues resolveHeaderSecrets(
      String taskId, String nodeUuid, java.util.Collection<String> names) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("task_id", taskId);
    body.put("node_uuid", nodeUuid);
    names.forEach(body.putArray("names")::add);
    return call(jsonRequest("/api/v1/secrets/resolve", "POST", body), true, SecretValues.class);
  }

  // ---- executions

  /**
   * One execution.
   *
   * @throws ApiCallException {@code EXECUTION_NOT_FOUND}
   */
  public ExecutionRecord execution(String id) {
    return get("/api/v1/executions/" + encode(id), ExecutionRecord.class);
  }

  /**
   * One page of executions across tasks, newest first; null filters do not filter.
   *
   * @param taskId only this task's
   * @param status only executions in this state
   * @param nodeUuid only those a node ran
   */
  public ExecutionList listExecutions(
      String taskId, ExecutionState status, String nodeUuid, int limit, int offset) {
    return listExecutions(taskId, status, nodeUuid, null, limit, offset);
  }

  /** As above, and only those the schedule {@code scheduleId} started (null: any). */
  public ExecutionList listExecutions(
      String taskId,
      ExecutionState status,
      String nodeUuid,
      String scheduleId,
      int limit,
      int offset) {
    return get(
        executionsPath(taskId, status, nodeUuid, scheduleId, limit, offset), ExecutionList.class);
  }

  /** As {@link #listExecutions}, the answer's JSON as SMS sent it (printed without binding it). */
  public byte[] listExecutionsJson(
      String taskId,
      ExecutionState status,
      String nodeUuid,
      String scheduleId,
      int limit,
      int offset) {
    return getJson(executionsPath(taskId, status, nodeUuid, scheduleId, limit, offset));
  }

  private static String executionsPath(
      String taskId,
      ExecutionState status,
      String nodeUuid,
      String scheduleId,
      int limit,
      int offset) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("task_id", taskId);
    params.put("status", status == null ? null : status.wire());
    params.put("node_uuid", nodeUuid);
    params.put("schedule_id", scheduleId);
    params.put("limit", limit);
    params.put("offset", offset);
    return "/api/v1/executions" + query(params);
  }

  /** One page of a task's executions, newest first. */
  public ExecutionList executionsOf(String taskId, int limit, int offset) {
    return get(
        "/api/v1/tasks/"
            + encode(taskId)
            + "/executions"
            + query(Map.of("limit", limit, "offset", offset)),
        ExecutionList.class);
  }

  /**
   * An execution's log lines after {@code cursor} (0: from the start), at most {@code limit}.
   *
   * @throws ApiCallException {@code EXECUTION_NOT_FOUND}
   */
  public ExecutionLogPage executionLogs(String id, long cursor, int limit) {
    return get(
        "/api/v1/executions/"
            + encode(id)
            + "/logs"
            + query(Map.of("cursor", cursor, "limit", limit)),
        ExecutionLogPage.class);
  }

  /** Reports execution records at once (nodes call this; idempotent). */
  public void reportExecutions(List<ExecutionRecord> records) {
    call(
        jsonRequest("/api/v1/executions", "POST", new ExecutionReports(records)),
        true,
        JsonNode.class);
  }

  /**
   * Appends lines to a running execution's log (nodes call this while the guest runs; not retried,
   * so no line is stored twice).
   */
  public void appendExecutionLogs(String executionId, ExecutionLogLines lines) {
    call(
        jsonRequest(
            "/api/v1/executions/"
                + URLEncoder.encode(executionId, StandardCharsets.UTF_8)
                + "/logs",
            "POST",
            lines),
        false,
        JsonNode.class);
  }

  /** Reports one execution record (nodes call this; idempotent). */
  public void reportExecution(ExecutionRecord record) {
    call(
        jsonRequest("/api/v1/executions/" + encode(record.executionId()), "PUT", record),
        true,
        JsonNode.class);
  }

  // ---- invocations

  /**
   * Invokes a task through SMS ({@code POST /api/v1/invocations}); a guest's failure is an answer,
   * not an exception. Never sent twice: an invocation is not idempotent.
   *
   * @param wait how long to wait for the answer
   * @throws ApiCallException when the invocation was refused before it ran ({@code TASK_NOT_FOUND},
   *     {@code NO_NODE_AVAILABLE}, {@code RESOURCE_EXHAUSTED}, {@code INVALID_REQUEST})
   */
  public InvocationAnswer invoke(InvocationRequest request, Duration wait) {
    HttpResponse<byte[]> response =
        send(
            () -> jsonRequest("/api/v1/invocations", "POST", request).timeout(wait),
            false,
            HttpResponse.BodyHandlers.ofByteArray());
    JsonNode body;
    try {
      body = Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw error(response.statusCode(), response.body());
    }
    if (response.statusCode() / 100 != 2 && (body == null || !body.has("execution_id"))) {
      throw error(response.statusCode(), response.body());
    }
    try {
      return new InvocationAnswer(
          response.statusCode(), Json.mapper().treeToValue(body, InvocationResult.class));
    } catch (IOException e) {
      throw new ApiCallException("SMS answered an invocation that does not parse", e);
    }
  }

  /**
   * Invokes a task with {@code input} streamed as its stdin ({@code POST
   * /api/v1/tasks/{id}/invoke}) and answers its stdout as a stream; the caller closes it.
   *
   * @param function the export to call, or empty for {@code _start}
   * @param wait how long to wait for the answer to start
   * @throws ApiCallException when it was refused or the guest failed ({@code EXECUTION_FAILED},
   *     {@code EXECUTION_TIMEOUT}, ...)
   */
  public StreamedInvocation invokeStreaming(
      String taskId, InputStream input, Optional<String> function, Duration wait) {
    Map<String, Object> params = new LinkedHashMap<>();
    function.ifPresent(f -> params.put("function", f));
    HttpResponse<InputStream> response =
        send(
            () ->
                request("/api/v1/tasks/" + encode(taskId) + "/invoke" + query(params))
                    .timeout(wait)
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> input)),
            false,
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      try (InputStream body = response.body()) {
        throw error(response.statusCode(), body.readAllBytes());
      } catch (IOException e) {
        throw new ApiCallException("cannot read error answer from " + baseUrl(), e);
      }
    }
    var headers = response.headers();
    return new StreamedInvocation(
        headers.firstValue(SpearHeaders.EXECUTION_ID).orElse(""),
        headers
            .firstValue(SpearHeaders.STATUS)
            .flatMap(ExecutionState::fromWire)
            .orElse(ExecutionState.COMPLETED),
        headers.firstValue(SpearHeaders.EXIT_CODE).map(Integer::valueOf),
        response.body());
  }

  // ---- schedules (answers as SMS gives them: the CLI prints them as they are)

  /**
   * Creates a schedule from its fields ({@code task_id}, {@code cron} or {@code every}, {@code
   * timezone}, {@code input_base64}, {@code enabled}).
   *
   * @throws ApiCallException {@code INVALID_REQUEST} naming the field, {@code TASK_NOT_FOUND}
   */
  public JsonNode createSchedule(Map<String, Object> fields) {
    return call(jsonRequest("/api/v1/schedules", "POST", fields), false, JsonNode.class);
  }

  /** One page of schedules, newest first. */
  public JsonNode listSchedules(int limit, int offset) {
    return get(
        "/api/v1/schedules" + query(Map.of("limit", limit, "offset", offset)), JsonNode.class);
  }

  /**
   * A schedule with its next fire times.
   *
   * @throws ApiCallException {@code NOT_FOUND}
   */
  public JsonNode schedule(String id) {
    return get("/api/v1/schedules/" + encode(id), JsonNode.class);
  }

  /**
   * Pauses ({@code enabled} false) or resumes a schedule.
   *
   * @throws ApiCallException {@code NOT_FOUND}
   */
  public JsonNode enableSchedule(String id, boolean enabled) {
    String action = enabled ? "/resume" : "/pause";
    return call(
        request("/api/v1/schedules/" + encode(id) + action)
            .POST(HttpRequest.BodyPublishers.noBody()),
        true,
        JsonNode.class);
  }

  /**
   * Deletes a schedule.
   *
   * @throws ApiCallException {@code NOT_FOUND}
   */
  public Done deleteSchedule(String id) {
    return call(request("/api/v1/schedules/" + encode(id)).DELETE(), true, Done.class);
  }

  // ---- plumbing

  private <T> T get(String path, Class<T> type) {
    return call(request(path).GET(), true, type);
  }

  private HttpRequest.Builder request(String path) {
    return token.apply(HttpRequest.newBuilder(URI.create(baseUrl() + path))).timeout(timeout);
  }

  private HttpRequest.Builder jsonRequest(String path, String method, Object body) {
    return request(path)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body)));
  }

  // Jackson's mapper and a record's binding cost a one-shot command more than its request does.
  private byte[] getJson(String path) {
    return answer(request(path).GET(), true);
  }

  private <T> T call(HttpRequest.Builder request, boolean idempotent, Class<T> type) {
    byte[] body = answer(request, idempotent);
    try {
      return Json.mapper().readValue(body, type);
    } catch (IOException e) {
      throw new ApiCallException(
          "server at " + baseUrl() + " answered JSON that is not a " + type.getSimpleName(), e);
    }
  }

  private byte[] answer(HttpRequest.Builder request, boolean idempotent) {
    HttpRequest built = request.build();
    HttpResponse<byte[]> response =
        send(
            () -> HttpRequest.newBuilder(built, (n, v) -> true),
            idempotent,
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw error(response.statusCode(), response.body());
    }
    return response.body();
  }

  // A connection that could not be made moves to the next replica: the request never left, so
  // sending it again cannot apply it twice. A connection that broke later is tried again only for
  // idempotent requests, after a short pause.
  private <T> HttpResponse<T> send(
      Supplier<HttpRequest.Builder> builder, boolean idempotent, HttpResponse.BodyHandler<T> body) {
    HttpRequest request = builder.get().build();
    String target = baseOf(request.uri());
    int failovers = 0;
    int retries = 0;
    while (true) {
      try {
        return http.send(request, body);
      } catch (ConnectException | HttpConnectTimeoutException e) {
        if (++failovers >= addresses.size()) {
          throw new ApiCallException("cannot reach " + target + ": " + e, e);
        }
        String next = addresses.failOver(target);
        request =
            HttpRequest.newBuilder(request, (name, value) -> true)
                .uri(URI.create(next + request.uri().toString().substring(target.length())))
                .build();
        target = next;
      } catch (IOException e) {
        if (!idempotent || ++retries >= IDEMPOTENT_ATTEMPTS) {
          throw new ApiCallException("cannot reach " + target + ": " + e, e);
        }
        pause(RETRY_BACKOFF_MS * retries, target);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiCallException("interrupted while calling " + target, e);
      }
    }
  }

  private static void pause(long millis, String target) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiCallException("interrupted while calling " + target, e);
    }
  }

  private String baseOf(URI uri) {
    String url = uri.toString();
    return addresses.all().stream()
        .filter(b -> url.startsWith(b + "/") || url.equals(b))
        .findFirst()
        .orElse(baseUrl());
  }

  private static <T> Optional<T> notFoundAsEmpty(Supplier<T> call) {
    try {
      return Optional.of(call.get());
    } catch (ApiCallException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
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
