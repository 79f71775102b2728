package io.spear.sms.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.model.api.NodeMetadata;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.json.Json;
import io.spear.support.net.ShownUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/backends}: the LLM backends of every node, as each reported them when it
 * registered (the {@value NodeMetadata#LLM_BACKENDS} metadata entry, a JSON array without secrets).
 */
public final class NodeBackendsService implements ApiService {

  /** The registration metadata entry in which a node lists its usable LLM backends. */
  private final NodeStore nodes;

  /** Reads the nodes of {@code nodes}. */
  public NodeBackendsService(NodeStore nodes) {
    this.nodes = nodes;
  }

  @Override
  public List<Route> routes() {
    return List.of(Route.get("/api/v1/backends", this::list));
  }

  private void list(Context ctx) {
    Optional<NodeStatus> status = Optional.empty();
    String wanted = ctx.queryParam("status");
    if (wanted != null && !wanted.isBlank()) {
      status =
          Optional.of(
              NodeStatus.fromWire(wanted)
                  .orElseThrow(
                      () ->
                          new InvalidRequestException(
                              "status must be online or offline (active or inactive)")));
    }
    List<NodeBackends> perNode = new ArrayList<>();
    int total = 0;
    for (Node node : nodes.list(status)) {
      List<JsonNode> backends = backendsOf(node);
      total += backends.size();
      perNode.add(
          new NodeBackends(
              node.uuid(),
              node.status().wire(),
              node.ipAddress() + ":" + node.httpPort(),
              backends));
    }
    ctx.json(new Backends(true, perNode, total));
  }

  /** One node's backends, as it reported them. */
  record NodeBackends(String nodeUuid, String status, String address, List<JsonNode> backends) {}

  /** The answer: every node's backends. */
  record Backends(boolean success, List<NodeBackends> nodes, int totalBackends) {}

  // A node that reports nothing (older, or no llm section) or something unreadable has none.
  static List<JsonNode> backendsOf(Node node) {
    String raw = node.metadata().get(NodeMetadata.LLM_BACKENDS);
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    try {
      JsonNode tree = Json.mapper().readTree(raw);
      List<JsonNode> backends = new ArrayList<>();
      if (tree.isArray()) {
        tree.forEach(
            b -> {
              if (b.isObject()) {
                // A node lists its URLs without secrets; one that did not still gets none shown.
                if (b.path("base_url").isTextual()) {
                  ((ObjectNode) b).put("base_url", ShownUrl.of(b.get("base_url").asText()));
                }
                backends.add(b);
              }
            });
      }
      return backends;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return List.of();
    }
  }
}
