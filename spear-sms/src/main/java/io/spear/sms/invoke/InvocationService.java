package io.spear.sms.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.QueryParams;
import io.spear.http.Route;
import io.spear.model.bound.Bounds;
import io.spear.model.config.SpearletConfig;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.ExecutionTimeoutException;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.ResourceExhaustedException;
import io.spear.model.error.UnavailableException;
import io.spear.model.json.JsonFields;
import io.spear.model.task.Task;
import io.spear.sms.Ids;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeUrls;
import io.spear.sms.task.TaskStore;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invocation through SMS: picks an online Spearlet for the task, forwards the request to it, and
 * tries the next node when one is unreachable or full (bounded spillback).
 */
public final class InvocationService implements ApiService {

  private static final Logger LOG = LoggerFactory.getLogger(InvocationService.class);
  private static final int MAX_ATTEMPTS = 3;
  private static final Duration FORWARD_MARGIN = Duration.ofSeconds(10);

  /** The node metadata key under which a Spearlet registers its default time limit. */
  public static final String DEFAULT_TIMEOUT_METADATA = "default_timeout_ms";

  /** The header naming the forwarded task's version (the Spearlet reads it). */
  public static final String TASK_UPDATED_AT_HEADER = "X-Spear-Task-Updated-At";

  private final TaskStore tasks;
  private final NodeSelector selector;
  private final ForwardingClient http;

  /**
   * A service routing invocations of {@code tasks} over the nodes {@code selector} offers,
   * presenting to each node the secret it was given at registration (and no other node has).
   */
  public InvocationService(TaskStore tasks, NodeSelector selector) {
    this(tasks, selector, ForwardingClient.create());
  }

  /** A service that forwards with {@code http}, whose health SMS's {@code /health} shows. */
  public InvocationService(TaskStore tasks, NodeSelector selector, ForwardingClient http) {
    this.tasks = tasks;
    this.selector = selector;
    this.http = http;
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
    forward(
        ctx,
        task,
        "/invoke/" + task.taskId() + query,
        HttpRequest.BodyPublishers.ofByteArray(body),
        contentType,
        requestedTimeout(QueryParams.param(ctx, Bounds.TIMEOUT_MS)));
  }

  private void invokeJson(Context ctx) {
    String raw = ctx.body();
    JsonNode body = JsonFields.object(raw, true);
    String taskId = JsonFields.text(body, "task_id", "task_id", true);
    Task task = task(taskId);
    OptionalLong timeoutMs =
        Bounds.TIMEOUT_MS.read(body, "timeout_ms").stream().mapToLong(Long::longValue).findAny();
    forward(
        ctx,
        task,
        "/functions/execute",
        HttpRequest.BodyPublishers.ofString(raw),
        "application/json",
        requestedTimeout(timeoutMs));
  }

  private void forward(
      Context ctx,
      Task task,
      String path,
      HttpRequest.BodyPublisher body,
      String contentType,
      Optional<Duration> requestedTimeout) {
    List<Node> candidates = candidates(task);
    boolean sawFullNode = false;
    int attempts = Math.min(MAX_ATTEMPTS, candidates.size());
    for (int i = 0; i < attempts; i++) {
      Node node = candidates.get(i);
      // The node computes the invocation's deadline; SMS waits for it plus a margin for the trip.
      Duration guestTimeout = requestedTimeout.orElseGet(() -> defaultTimeout(node));
      Optional<HttpResponse<byte[]>> answer =
          send(node, request(node, task, path, body, contentType, guestTimeout), guestTimeout);
      if (answer.isEmpty()) {
        continue; // refused: the next node
      }
      HttpResponse<byte[]> response = answer.get();
      if (response.statusCode() == 429) {
        sawFullNode = true;
        continue;
      }
      relay(ctx, node, response);
      return;
    }
    if (sawFullNode) {
      throw new ResourceExhaustedException("every node tried is at its limit; retry later");
    }
    throw new UnavailableException("no online node could be reached");
  }

  private List<Node> candidates(Task task) {
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
    return candidates;
  }

  private HttpRequest request(
      Node node,
      Task task,
      String path,
      HttpRequest.BodyPublisher body,
      String contentType,
      Duration guestTimeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(NodeUrls.of(node, path))
            .timeout(guestTimeout.plus(FORWARD_MARGIN))
            .header("Content-Type", contentType)
            // The node need not ask SMS for a task it already has in this version.
            .header(TASK_UPDATED_AT_HEADER, Long.toString(task.updatedAt()))
            .POST(body);
    return node.forwarding().apply(request).build();
  }

  /** Sends to one node; empty when it refused the connection, so another may be tried. */
  private Optional<HttpResponse<byte[]>> send(
      Node node, HttpRequest request, Duration guestTimeout) {
    try (NodeSelector.Lease _ = selector.forwarding(node)) {
      return Optional.of(http.send(request));
    } catch (java.net.ConnectException | HttpConnectTimeoutException e) {
      LOG.warn("node {} at {} refused the connection; trying the next", node.uuid(), request.uri());
      selector.markUnreachable(node);
      return Optional.empty();
    } catch (HttpTimeoutException e) {
      // The node took the invocation and its deadline passed: the guest's time is up, whatever
      // the node still does with it.
      throw new ExecutionTimeoutException(
          "node "
              + node.uuid()
              + " did not answer within the invocation's time limit of "
              + guestTimeout.toMillis()
              + " ms");
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
    }
  }

  private static void relay(Context ctx, Node node, HttpResponse<byte[]> response) {
    ctx.status(response.statusCode());
    response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (name.regionMatches(true, 0, "X-Spear-", 0, 8) && !values.isEmpty()) {
                ctx.header(name, values.get(0));
              }
            });
    ctx.header("X-Spear-Node", node.uuid());
    ctx.result(response.body());
  }

  /**
   * The time limit a node applies when a request names none, as it registered it. Registration
   * refuses values out of {@link Bounds#DEFAULT_TIMEOUT_MS}; one stored before that check is
   * clamped, so that no node's metadata can hand the client a deadline it cannot compute.
   */
  private static Duration defaultTimeout(Node node) {
    String value = node.metadata().get(DEFAULT_TIMEOUT_METADATA);
    if (value != null) {
      try {
        long ms = Long.parseLong(value.trim());
        if (ms > 0) {
          return Duration.ofMillis(Math.min(ms, Bounds.MAX_TIMEOUT_MS));
        }
      } catch (NumberFormatException e) {
        LOG.warn("node {} registered a non-numeric {}", node.uuid(), DEFAULT_TIMEOUT_METADATA);
      }
    }
    return SpearletConfig.DEFAULT_TIMEOUT;
  }

  private Task task(String raw) {
    return Ids.canonical(raw)
        .flatMap(tasks::find)
        .orElseThrow(
            () -> new NotFoundException(ErrorCode.TASK_NOT_FOUND, "task not found: " + raw));
  }

  /** The caller's limit, already within {@link Bounds#TIMEOUT_MS}; 0 asks for the default. */
  private static Optional<Duration> requestedTimeout(OptionalLong ms) {
    return ms.isEmpty() || ms.getAsLong() == 0
        ? Optional.empty()
        : Optional.of(Duration.ofMillis(ms.getAsLong()));
  }
}
