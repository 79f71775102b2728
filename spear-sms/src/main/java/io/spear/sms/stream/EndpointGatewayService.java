package io.spear.sms.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.http.WebSocketRoute;
import io.spear.model.bound.Bounds;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import io.spear.model.task.Task;
import io.spear.model.task.TaskSettings;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.invoke.NodeSelector;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeUrls;
import io.spear.sms.page.PageRequest;
import io.spear.sms.task.TaskRegistrationParser;
import io.spear.sms.task.TaskStore;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEAR's endpoint gateway: {@code GET /e/{endpoint}/ws} (subprotocol {@code ssf.v1}) attaches the
 * socket to a running execution of the task that owns the endpoint, or starts one asynchronously on
 * a node, and bridges it like a stream session.
 */
public final class EndpointGatewayService implements ApiService {

  private static final Logger LOG = LoggerFactory.getLogger(EndpointGatewayService.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  /** Task config key: the time limit, in milliseconds, of executions the gateway starts. */
  public static final String TIMEOUT_KEY = TaskSettings.STREAM_TIMEOUT_MS;

  private final TaskStore tasks;
  private final ExecutionStore executions;
  private final NodeSelector selector;
  private final StreamSessionService sessions;
  private final HttpClient http;

  /**
   * The gateway; {@code sessions} resolves a running execution's node socket. Each node is
   * presented the secret it was given at registration.
   */
  public EndpointGatewayService(
      TaskStore tasks,
      ExecutionStore executions,
      NodeSelector selector,
      StreamSessionService sessions,
      HttpClient http) {
    this.tasks = tasks;
    this.executions = executions;
    this.selector = selector;
    this.sessions = sessions;
    this.http = http;
  }

  @Override
  public List<Route> routes() {
    return List.of();
  }

  @Override
  public List<WebSocketRoute> webSockets() {
    return List.of(
        new WebSocketRoute(
            "/e/{endpoint}/ws", this::resolve, ws -> StreamSessionService.proxy(ws, http)));
  }

  private void resolve(Context ctx) {
    String endpoint = ctx.pathParam("endpoint");
    if (!TaskRegistrationParser.ENDPOINT.matcher(endpoint).matches()) {
      throw new HttpResponseException(400, "INVALID_ENDPOINT: not an endpoint name");
    }
    Task task =
        tasks
            .findByEndpoint(endpoint.toLowerCase(Locale.ROOT))
            .orElseThrow(
                () ->
                    new HttpResponseException(404, "ENDPOINT_NOT_FOUND: no task has " + endpoint));
    NodeSockets.NodeSocket upstream = attach(task).orElseGet(() -> start(task));
    ctx.attribute(StreamSessionService.UPSTREAM, upstream);
  }

  /** An execution of the task not known to have ended (nodes report pending, then the end). */
  private Optional<NodeSockets.NodeSocket> attach(Task task) {
    for (ExecutionRecord record :
        executions.listByTask(task.taskId(), new PageRequest(PageRequest.MAX_LIMIT, 0)).items()) {
      if (!record.status().terminal()) {
        try {
          return Optional.of(sessions.nodeSocket(record));
        } catch (RuntimeException unknownNode) {
          LOG.debug("execution {} runs on an unknown node", record.executionId());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The node's body for an async start. A stream guest is long-lived: the task's config key {@value
   * #TIMEOUT_KEY} gives it a time limit of its own; without it the node's default applies.
   */
  static java.util.Map<String, Object> startBody(Task task) {
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("task_id", task.taskId());
    body.put("mode", "async");
    String timeout = task.config().get(TIMEOUT_KEY);
    // Registration bounds it (TaskSettings); a task stored before that is clamped.
    if (timeout != null && timeout.matches("[1-9][0-9]{0,9}")) {
      body.put("timeout_ms", Math.min(Long.parseLong(timeout), Bounds.MAX_TIMEOUT_MS));
    }
    return body;
  }

  /** Starts an async execution on the first node that takes it. */
  private NodeSockets.NodeSocket start(Task task) {
    Optional<String> pinned =
        task.nodeUuid().isEmpty() ? Optional.empty() : Optional.of(task.nodeUuid());
    for (Node node : selector.candidates(pinned)) {
      HttpRequest request =
          node.forwarding()
              .apply(HttpRequest.newBuilder(NodeUrls.of(node, "/functions/execute")))
              .timeout(START_TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(Json.write(startBody(task))))
              .build();
      try {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 202) {
          JsonNode body = Json.mapper().readTree(answer.body());
          String executionId = body.path("execution_id").asText();
          return NodeSockets.of(node, "/api/v1/executions/" + executionId + "/streams/ws");
        }
        LOG.info(
            "node {} refused to start {}: {}", node.uuid(), task.taskId(), answer.statusCode());
      } catch (IOException e) {
        LOG.info("node {} unreachable for {}: {}", node.uuid(), task.taskId(), e.toString());
        selector.markUnreachable(node);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new HttpResponseException(
        503, "NO_EXECUTION_AVAILABLE: no node could start task " + task.taskId());
  }
}
