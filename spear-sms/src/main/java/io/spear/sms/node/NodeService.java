package io.spear.sms.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.QueryParams;
import io.spear.http.Route;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.json.JsonFields;
import io.spear.sms.Ids;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The nodes API: register, heartbeat, list, get, delete. */
public final class NodeService implements ApiService {

  private final NodeStore store;
  private final InstantSource clock;
  private final Runnable onChange;

  /**
   * A service over {@code store}; {@code onChange} hears of every registration, heartbeat and
   * removal.
   */
  public NodeService(NodeStore store, InstantSource clock, Runnable onChange) {
    this.store = store;
    this.clock = clock;
    this.onChange = onChange;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/nodes", this::register),
        Route.get("/api/v1/nodes", this::list),
        Route.get("/api/v1/nodes/{uuid}", this::get),
        Route.delete("/api/v1/nodes/{uuid}", this::delete),
        Route.post("/api/v1/nodes/{uuid}/heartbeat", this::heartbeat));
  }

  private void register(Context ctx) {
    JsonNode body = JsonFields.object(ctx.body(), true);
    String ip = JsonFields.text(body, "ip_address", "ip_address", true).trim();
    if (ip.isEmpty()) {
      throw new InvalidRequestException("ip_address must not be blank");
    }
    int port =
        JsonFields.integer(body, "port", "port", 0, 65535)
            .orElseThrow(() -> new InvalidRequestException("port is required"))
            .intValue();
    int httpPort =
        JsonFields.integer(body, "http_port", "http_port", 0, 65535).orElse(0L).intValue();
    Map<String, String> metadata = JsonFields.stringMap(body, "metadata", "metadata");
    Node node = store.register(new NodeRegistration(ip, port, httpPort, metadata), clock.instant());
    onChange.run();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("success", true);
    answer.put("message", "Node registered successfully");
    answer.put("node_uuid", node.uuid());
    ctx.status(201).json(answer);
  }

  private void heartbeat(Context ctx) {
    String uuid = ctx.pathParam("uuid");
    JsonNode body = JsonFields.object(ctx.body(), false);
    Map<String, String> health = JsonFields.stringMap(body, "health_info", "health_info");
    Node node =
        Ids.canonical(uuid)
            .flatMap(id -> store.heartbeat(id, health, clock.instant()))
            .orElseThrow(() -> notFound(uuid));
    onChange.run();
    ctx.json(
        Map.of("success", true, "message", "Heartbeat received", "status", node.status().wire()));
  }

  private void list(Context ctx) {
    Optional<NodeStatus> status =
        QueryParams.enumParam(ctx, "status", NodeStatus::fromWire, "online, offline");
    List<Map<String, Object>> nodes =
        store.list(status).stream().map(NodeService::describe).toList();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("success", true);
    answer.put("nodes", nodes);
    answer.put("total_count", nodes.size());
    ctx.json(answer);
  }

  private void get(Context ctx) {
    String uuid = ctx.pathParam("uuid");
    Node node = Ids.canonical(uuid).flatMap(store::find).orElseThrow(() -> notFound(uuid));
    ctx.json(Map.of("success", true, "node", describe(node)));
  }

  private void delete(Context ctx) {
    String uuid = ctx.pathParam("uuid");
    if (!Ids.canonical(uuid).map(store::delete).orElse(false)) {
      throw notFound(uuid);
    }
    onChange.run();
    ctx.json(Map.of("success", true, "message", "Node deleted: " + uuid));
  }

  /** The wire form of a node, as SPEAR's (timestamps in epoch seconds). */
  static Map<String, Object> describe(Node node) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uuid", node.uuid());
    m.put("ip_address", node.ipAddress());
    m.put("port", node.port());
    m.put("http_port", node.httpPort());
    m.put("status", node.status().wire());
    m.put("last_heartbeat", node.lastHeartbeat().getEpochSecond());
    m.put("registered_at", node.registeredAt().getEpochSecond());
    m.put("metadata", node.metadata());
    m.put("health_info", node.healthInfo());
    return m;
  }

  private static NotFoundException notFound(String uuid) {
    return new NotFoundException(ErrorCode.NODE_NOT_FOUND, "node not found: " + uuid);
  }
}
