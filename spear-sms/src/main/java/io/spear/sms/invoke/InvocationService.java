package io.spear.sms.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.ResourceExhaustedException;
import io.spear.model.error.UnavailableException;
import io.spear.model.json.JsonFields;
import io.spear.model.task.Task;
import io.spear.sms.Ids;
import io.spear.sms.node.Node;
import io.spear.sms.task.TaskStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invocation through SMS: picks an online Spearlet for the task, forwards the request to it, and
 * tries the next node when one is unreachable or full (bounded spillback).
 */
public final class InvocationService implements ApiService {

  private static final Logger LOG = LoggerFactory.getLogger(InvocationService.class);
  private static final int MAX_ATTEMPTS = 3;
  private static final Duration DEFAULT_GUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FORWARD_MARGIN = Duration.ofSeconds(10);

  private final TaskStore tasks;
  private final NodeSelector selector;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A service routing invocations of {@code tasks} over the nodes {@code selector} offers. */
  public InvocationService(TaskStore tasks, NodeSelector selector) {
    this.tasks = tasks;
    this.selector = selector;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/tasks/{id}/invoke", this::invokeRaw),
        Route.post("/api/v1/invocations", this::invokeJson));
  }

  private void invokeRaw(Context ctx) {
    Task task = task(ctx.pathParam("id"));
    String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
    byte[] body = ctx.bodyAsBytes();
    String contentType = Optional.ofNullable(ctx.contentType()).orElse("application/octet-stream");
    Duration timeout = timeout(ctx.queryParam("timeout_ms"));
    forward(
        ctx,
        task,
        "/invoke/" + task.taskId() + query,
        HttpRequest.BodyPublishers.ofByteArray(body),
        contentType,
        timeout);
  }

  private void invokeJson(Context ctx) {
    String raw = ctx.body();
    JsonNode body = JsonFields.object(raw, true);
    String taskId = JsonFields.text(body, "task_id", "task_id", true);
    Task task = task(taskId);
    JsonNode timeoutMs = body.get("timeout_ms");
    Duration timeout = timeout(timeoutMs == null || timeoutMs.isNull() ? null : timeoutMs.asText());
    forward(
        ctx,
        task,
        "/functions/execute",
        HttpRequest.BodyPublishers.ofString(raw),
        "application/json",
        timeout);
  }

  private void forward(
      Context ctx,
      Task task,
      String path,
      HttpRequest.BodyPublisher body,
      String contentType,
      Duration guestTimeout) {
    Optional<String> pinned =
        task.nodeUuid().isEmpty() ? Optional.empty() : Optional.of(task.nodeUuid());
    List<Node> candidates = selector.candidates(pinned);
    if (candidates.isEmpty()) {
      throw new UnavailableException(
          pinned.isPresent()
              ? "node "
                  + pinned.get()
                  + " that task "
                  + task.taskId()
                  + " is pinned to is not online"
              : "no online node can take the invocation");
    }
    boolean sawFullNode = false;
    int attempts = Math.min(MAX_ATTEMPTS, candidates.size());
    for (int i = 0; i < attempts; i++) {
      Node node = candidates.get(i);
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://" + node.ipAddress() + ":" + node.httpPort() + path))
              .timeout(guestTimeout.plus(FORWARD_MARGIN))
              .header("Content-Type", contentType)
              .POST(body)
              .build();
      HttpResponse<byte[]> response;
      NodeSelector.Lease lease = selector.forwarding(node);
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (java.net.ConnectException | HttpConnectTimeoutException e) {
        LOG.warn(
            "node {} at {} refused the connection; trying the next", node.uuid(), request.uri());
        selector.markUnreachable(node);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnavailableException("interrupted while forwarding the invocation");
      } catch (IOException e) {
        // The request may have reached the node: retrying elsewhere could run it twice.
        LOG.warn("forwarding to node {} failed", node.uuid(), e);
        throw new UnavailableException(
            "node "
                + node.uuid()
                + " did not answer the invocation: "
                + e.getClass().getSimpleName());
      } finally {
        lease.close();
      }
      if (response.statusCode() == 429) {
        sawFullNode = true;
        continue;
      }
      ctx.status(response.statusCode());
      response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
      ctx.header("X-Spear-Node", node.uuid());
      ctx.result(response.body());
      return;
    }
    if (sawFullNode) {
      throw new ResourceExhaustedException("every node tried is at its limit; retry later");
    }
    throw new UnavailableException("no online node could be reached");
  }

  private Task task(String raw) {
    return Ids.canonical(raw)
        .flatMap(tasks::find)
        .orElseThrow(
            () -> new NotFoundException(ErrorCode.TASK_NOT_FOUND, "task not found: " + raw));
  }

  private static Duration timeout(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_GUEST_TIMEOUT;
    }
    try {
      long ms = Long.parseLong(raw.trim());
      if (ms < 0) {
        throw new InvalidRequestException("timeout_ms must not be negative");
      }
      return ms == 0 ? DEFAULT_GUEST_TIMEOUT : Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("timeout_ms must be an integer but was '" + raw + "'");
    }
  }
}
