package io.spear.sms.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.model.api.SpearHeaders;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.UnavailableException;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.id.Ids;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeStore;
import io.spear.sms.node.NodeUrls;
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
  private final HttpClient http;

  /**
   * A service finding each execution's node from its record, and presenting to that node the secret
   * it was given at registration; {@code http} reaches the nodes, and its owner closes it.
   */
  public ExecutionControlService(ExecutionStore executions, NodeStore nodes, HttpClient http) {
    this.executions = executions;
    this.nodes = nodes;
    this.http = http;
  }

  /** A client for this service: a node that does not answer a connection in 2 s is down. */
  public static HttpClient client() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/executions/{id}/output", this::output),
        Route.post("/api/v1/executions/{id}/cancel", this::cancel));
  }

  /**
   * The node's view with the output while the node holds the execution; otherwise SMS's record
   * (with {@code output_available: false}), so a reader always gets the best that is known.
   */
  private void output(Context ctx) {
    String id = executionId(ctx);
    Optional<ExecutionRecord> record = executions.find(id);
    Optional<Node> node = nodeUuid(ctx, record).flatMap(nodes::find);
    if (node.isPresent()) {
      try {
        HttpResponse<byte[]> answer =
            send(
                node.get(),
                HttpRequest.newBuilder(
                        nodeUri(
                            node.get(),
                            "/functions/executions/" + encode(id) + "?include_output=true"))
                    .GET());
        if (answer.statusCode() == 200) {
          ObjectNode view = (ObjectNode) Json.mapper().readTree(answer.body());
          view.put("output_available", true);
          ctx.header(SpearHeaders.NODE, node.get().uuid()).json(view);
          return;
        }
        if (answer.statusCode() != 404 || record.isEmpty()) {
          relay(ctx, node.get(), answer);
          return;
        }
      } catch (IOException e) {
        if (record.isEmpty()) {
          throw unreachable(node.get(), e);
        }
      }
    }
    ExecutionRecord known = record.orElseThrow(() -> notFound(id));
    ObjectNode view = Json.mapper().valueToTree(known);
    view.put("output_available", false);
    ctx.json(view);
  }

  private void cancel(Context ctx) {
    String id = executionId(ctx);
    Optional<ExecutionRecord> record = executions.find(id);
    String uuid = nodeUuid(ctx, record).orElseThrow(() -> notFound(id));
    Node node =
        nodes
            .find(uuid)
            .orElseThrow(
                () ->
                    new UnavailableException(
                        "node " + uuid + " that ran execution " + id + " is gone"));
    try {
      relay(
          ctx,
          node,
          send(
              node,
              HttpRequest.newBuilder(
                      nodeUri(node, "/functions/executions/" + encode(id) + "/cancel"))
                  .POST(HttpRequest.BodyPublishers.noBody())));
    } catch (IOException e) {
      throw unreachable(node, e);
    }
  }

  private HttpResponse<byte[]> send(Node node, HttpRequest.Builder request) throws IOException {
    try {
      return http.send(
          node.forwarding().apply(request).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while reaching a node");
    }
  }

  private static void relay(Context ctx, Node node, HttpResponse<byte[]> response) {
    ctx.status(response.statusCode());
    response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
    ctx.header(SpearHeaders.NODE, node.uuid());
    ctx.result(response.body());
  }

  private static UnavailableException unreachable(Node node, IOException e) {
    return new UnavailableException(
        "node " + node.uuid() + " did not answer: " + e.getClass().getSimpleName());
  }

  /** The node from the record, or from {@code node_uuid} when SMS has no record yet. */
  private static Optional<String> nodeUuid(Context ctx, Optional<ExecutionRecord> record) {
    return record
        .map(ExecutionRecord::nodeUuid)
        .filter(s -> !s.isEmpty())
        .or(() -> Optional.ofNullable(ctx.queryParam("node_uuid")).flatMap(Ids::canonical));
  }

  private static URI nodeUri(Node node, String path) {
    return NodeUrls.of(node, path);
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
