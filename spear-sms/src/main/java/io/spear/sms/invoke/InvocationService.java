package io.spear.sms.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.QueryParams;
import io.spear.http.RequestBodies;
import io.spear.http.Route;
import io.spear.model.bound.Bounds;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.NotFoundException;
import io.spear.model.json.JsonFields;
import io.spear.model.task.Task;
import io.spear.sms.id.Ids;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeUrls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Invocation through SMS: picks an online Spearlet for the task, forwards the request to it, and
 * tries the next node when one is unreachable or full (bounded spillback).
 */
public final class InvocationService implements ApiService {

  private static final Duration FORWARD_MARGIN = NodeForwarder.FORWARD_MARGIN;

  /** The node metadata key under which a Spearlet registers its default time limit. */
  public static final String DEFAULT_TIMEOUT_METADATA = NodeForwarder.DEFAULT_TIMEOUT_METADATA;

  /** The header naming the forwarded task's version (the Spearlet reads it). */
  public static final String TASK_UPDATED_AT_HEADER = "X-Spear-Task-Updated-At";

  private final TaskCache tasks;
  private final NodeForwarder forwarder;

  /**
   * A service routing invocations of the tasks in {@code tasks} over the nodes {@code selector}
   * offers, forwarding with {@code http} (whose health SMS's {@code /health} shows) and presenting
   * to each node the secret it was given at registration (and no other node has).
   */
  public InvocationService(TaskCache tasks, NodeSelector selector, ForwardingClient http) {
    this.tasks = tasks;
    this.forwarder = new NodeForwarder(selector, http);
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
    byte[] body = RequestBodies.bytes(ctx);
    String contentType = Optional.ofNullable(ctx.contentType()).orElse("application/octet-stream");
    Forwarded answer =
        forward(
            task,
            "/invoke/" + task.taskId() + query,
            body,
            contentType,
            requestedTimeout(QueryParams.param(ctx, Bounds.TIMEOUT_MS)),
            Map.of());
    relay(ctx, answer);
  }

  private void invokeJson(Context ctx) {
    byte[] raw = ctx.bodyAsBytes();
    JsonNode body = JsonFields.object(new String(raw, StandardCharsets.UTF_8), true);
    String taskId = JsonFields.text(body, "task_id", "task_id", true);
    Task task = task(taskId);
    OptionalLong timeoutMs =
        Bounds.TIMEOUT_MS.read(body, "timeout_ms").stream().mapToLong(Long::longValue).findAny();
    Forwarded answer =
        forward(
            task,
            "/functions/execute",
            raw,
            "application/json",
            requestedTimeout(timeoutMs),
            Map.of());
    relay(ctx, answer);
  }

  /** A node's answer to a forwarded invocation. */
  public record Forwarded(Node node, NodeResponse<byte[]> response) {}

  /**
   * Forwards an invocation SMS makes itself (a schedule's tick) to {@code /functions/execute} of a
   * node chosen as for a client's, with {@code headers} added (what started it).
   *
   * @throws io.spear.model.error.SpearException when no node could take it
   */
  public Forwarded forwardOwn(Task task, String jsonBody, Map<String, String> headers) {
    return forward(
        task,
        "/functions/execute",
        jsonBody.getBytes(StandardCharsets.UTF_8),
        "application/json",
        Optional.empty(),
        headers);
  }

  private Forwarded forward(
      Task task,
      String path,
      byte[] body,
      String contentType,
      Optional<Duration> requestedTimeout,
      Map<String, String> headers) {
    NodeForwarder.Answer<byte[]> answer =
        forwarder.forward(
            task,
            requestedTimeout,
            (node, guestTimeout) ->
                request(node, task, path, body, contentType, guestTimeout, headers),
            ForwardingClient.Body.BYTES);
    return new Forwarded(answer.node(), answer.response());
  }

  private static NodeRequest request(
      Node node,
      Task task,
      String path,
      byte[] body,
      String contentType,
      Duration guestTimeout,
      Map<String, String> headers) {
    List<NodeRequest.Header> lines = new ArrayList<>(4 + headers.size());
    lines.add(new NodeRequest.Header("Content-Type", contentType));
    // The node need not ask SMS for a task it already has in this version.
    lines.add(new NodeRequest.Header(TASK_UPDATED_AT_HEADER, Long.toString(task.updatedAt())));
    headers.forEach((name, value) -> lines.add(new NodeRequest.Header(name, value)));
    return NodeRequest.to(
        node, "POST", NodeUrls.of(node, path), lines, body, guestTimeout.plus(FORWARD_MARGIN));
  }

  private static void relay(Context ctx, Forwarded answer) {
    Node node = answer.node();
    NodeResponse<byte[]> response = answer.response();
    ctx.status(response.statusCode());
    response.header("Content-Type").ifPresent(ctx::contentType);
    List<NodeRequest.Header> headers = response.headers();
    for (int i = 0; i < headers.size(); i++) {
      NodeRequest.Header h = headers.get(i);
      if (h.name().regionMatches(true, 0, "X-Spear-", 0, 8) && firstOfItsName(headers, i)) {
        ctx.header(h.name(), h.value());
      }
    }
    ctx.header("X-Spear-Node", node.uuid());
    ctx.result(response.body());
  }

  private static boolean firstOfItsName(List<NodeRequest.Header> headers, int index) {
    String name = headers.get(index).name();
    for (int i = 0; i < index; i++) {
      if (headers.get(i).name().equalsIgnoreCase(name)) {
        return false;
      }
    }
    return true;
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
