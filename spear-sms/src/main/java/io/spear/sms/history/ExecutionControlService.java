package io.spear.sms.history;

import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.UnavailableException;
import io.spear.model.execution.ExecutionRecord;
import io.spear.sms.Ids;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reaches an execution on the node that runs it, through SMS (so a browser on SMS's origin can):
 * its live view with the output, and cancelling it.
 */
public final class ExecutionControlService implements ApiService {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ExecutionStore executions;
  private final NodeStore nodes;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A service finding each execution's node from its record. */
  public ExecutionControlService(ExecutionStore executions, NodeStore nodes) {
    this.executions = executions;
    this.nodes = nodes;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/executions/{id}/output", this::output),
        Route.post("/api/v1/executions/{id}/cancel", this::cancel));
  }

  private void output(Context ctx) {
    String id = executionId(ctx);
    Node node = node(ctx, id);
    forward(
        ctx,
        node,
        HttpRequest.newBuilder(
                nodeUri(node, "/functions/executions/" + encode(id) + "?include_output=true"))
            .GET());
  }

  private void cancel(Context ctx) {
    String id = executionId(ctx);
    Node node = node(ctx, id);
    forward(
        ctx,
        node,
        HttpRequest.newBuilder(nodeUri(node, "/functions/executions/" + encode(id) + "/cancel"))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private void forward(Context ctx, Node node, HttpRequest.Builder request) {
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UnavailableException(
          "node " + node.uuid() + " did not answer: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while reaching node " + node.uuid());
    }
    ctx.status(response.statusCode());
    response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
    ctx.header("X-Spear-Node", node.uuid());
    ctx.result(response.body());
  }

  /** The node from the record, or from {@code node_uuid} when SMS has no record yet. */
  private Node node(Context ctx, String executionId) {
    Optional<String> uuid =
        executions
            .find(executionId)
            .map(ExecutionRecord::nodeUuid)
            .filter(s -> !s.isEmpty())
            .or(() -> Optional.ofNullable(ctx.queryParam("node_uuid")).flatMap(Ids::canonical));
    if (uuid.isEmpty()) {
      throw notFound(executionId);
    }
    return nodes
        .find(uuid.get())
        .orElseThrow(
            () ->
                new UnavailableException(
                    "node " + uuid.get() + " that ran execution " + executionId + " is gone"));
  }

  private static URI nodeUri(Node node, String path) {
    return URI.create("http://" + node.ipAddress() + ":" + node.httpPort() + path);
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private static String executionId(Context ctx) {
    String raw = ctx.pathParam("id");
    return Ids.token(raw).orElseThrow(() -> notFound(raw));
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException(ErrorCode.EXECUTION_NOT_FOUND, "execution not found: " + id);
  }
}
