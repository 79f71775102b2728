package io.spear.sms.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.QueryParams;
import io.spear.http.Route;
import io.spear.http.auth.Role;
import io.spear.model.api.Done;
import io.spear.model.api.HeartbeatAnswer;
import io.spear.model.api.NodeInfo;
import io.spear.model.api.NodeList;
import io.spear.model.api.NodeRegistered;
import io.spear.model.api.NodeRegistration;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.json.Json;
import io.spear.model.json.JsonFields;
import io.spear.sms.id.Ids;
import io.spear.sms.page.PageRequest;
import io.spear.support.net.BearerToken;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The nodes API: register, heartbeat, list, get, update, delete. */
public final class NodeService implements ApiService {

  private final NodeStore store;
  private final NodeResourceStore resources;
  private final InstantSource clock;
  private final Runnable onChange;
  private final Function<String, Optional<String>> boundTo;

  /**
   * A service over {@code store}, showing each node's latest report from {@code resources}; {@code
   * onChange} hears of every registration, heartbeat, update and removal.
   */
  public NodeService(
      NodeStore store, NodeResourceStore resources, InstantSource clock, Runnable onChange) {
    this(store, resources, clock, onChange, uuid -> Optional.empty());
  }

  /**
   * A service as above where {@code boundTo} names the token a node uuid is bound to in the token
   * file, if any: only that token may register it.
   */
  public NodeService(
      NodeStore store,
      NodeResourceStore resources,
      InstantSource clock,
      Runnable onChange,
      Function<String, Optional<String>> boundTo) {
    this.store = store;
    this.resources = resources;
    this.clock = clock;
    this.onChange = onChange;
    this.boundTo = boundTo;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/nodes", this::register).allow(Role.NODE),
        Route.get("/api/v1/nodes", this::list),
        Route.get("/api/v1/nodes/{uuid}", this::get),
        Route.put("/api/v1/nodes/{uuid}", this::update).allow(Role.NODE),
        Route.delete("/api/v1/nodes/{uuid}", this::delete).allow(Role.NODE),
        Route.post("/api/v1/nodes/{uuid}/heartbeat", this::heartbeat).allow(Role.NODE));
  }

  private void register(Context ctx) {
    JsonNode body = JsonFields.object(ctx.body(), true);
    String ip = JsonFields.text(body, "ip_address", "ip_address", true).trim();
    if (ip.isEmpty()) {
      throw new InvalidRequestException("ip_address must not be blank");
    }
    NodeAddress.require(ip);
    int port =
        JsonFields.integer(body, "port", "port", 0, 65535)
            .orElseThrow(() -> new InvalidRequestException("port is required"))
            .intValue();
    int httpPort =
        JsonFields.integer(body, "http_port", "http_port", 0, 65535).orElse(0L).intValue();
    Map<String, String> metadata =
        NodeOwnership.stamp(
            ctx, NodeNumbers.metadata(JsonFields.stringMap(body, "metadata", "metadata")));
    // Every registration gets a new secret: what SMS sends this node is useless on another.
    String secret = ForwardingSecrets.generate();
    NodeRegistration registration = new NodeRegistration(ip, port, httpPort, metadata);
    BearerToken forwarding = BearerToken.ofNullable(secret);
    // A node that stored the uuid it was given comes back under it after a restart.
    Optional<String> chosen = NodeOwnership.registeringAs(ctx, chosenUuid(body), boundTo);
    chosen.ifPresent(id -> NodeOwnership.requireOwner(ctx, store, id));
    Node node =
        chosen.isPresent()
            ? store.registerAs(chosen.get(), registration, forwarding, clock.instant())
            : store.register(registration, forwarding, clock.instant());
    onChange.run();
    ctx.status(201)
        .json(new NodeRegistered(true, node.uuid(), "Node registered successfully", secret));
  }

  private static Optional<String> chosenUuid(JsonNode body) {
    String raw = JsonFields.text(body, "node_uuid", "node_uuid", false).trim();
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Ids.canonical(raw)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "node_uuid must be a UUID (the one this node was given before) but was '"
                            + raw
                            + "'")));
  }

  private void heartbeat(Context ctx) {
    String uuid = ctx.pathParam("uuid");
    JsonNode body = JsonFields.object(ctx.body(), false);
    Map<String, String> health =
        NodeNumbers.health(JsonFields.stringMap(body, "health_info", "health_info"));
    String id = Ids.canonical(uuid).orElseThrow(() -> notFound(uuid));
    NodeOwnership.requireOwner(ctx, store, id);
    // Parsed before anything is stored, so a bad report changes nothing.
    Optional<NodeResource> resource =
        NodeResourceParser.fromHealthInfo(id, health, clock.instant().getEpochSecond());
    Node node = store.heartbeat(id, health, clock.instant()).orElseThrow(() -> notFound(uuid));
    resource.ifPresent(resources::put);
    onChange.run();
    ctx.json(new HeartbeatAnswer(true, "Heartbeat received", node.status().wire()));
  }

  private void list(Context ctx) {
    Optional<NodeStatus> status =
        QueryParams.enumParam(
            ctx, "status", NodeStatus::fromWire, "online, offline, active, inactive");
    PageRequest page = PageRequest.from(ctx);
    Map<String, NodeResource> byNode = new HashMap<>();
    resources.list().forEach(r -> byNode.put(r.nodeUuid(), r));
    // Nodes are few (one per machine): the page is cut from the whole list.
    List<Node> all = store.list(status);
    List<NodeInfo> nodes =
        all.stream()
            .skip(page.offset())
            .limit(page.limit())
            .map(n -> describe(n, Optional.ofNullable(byNode.get(n.uuid()))))
            .toList();
    ctx.json(new NodeList(true, nodes, all.size()));
  }

  private void get(Context ctx) {
    String uuid = ctx.pathParam("uuid");
    Node node = Ids.canonical(uuid).flatMap(store::find).orElseThrow(() -> notFound(uuid));
    ctx.json(new NodeAnswer(true, describe(node, resources.find(node.uuid()))));
  }

  /** SPEAR's node update: the fields present change, the others stay. */
  private void update(Context ctx) {
    String uuid = ctx.pathParam("uuid");
    JsonNode body = JsonFields.object(ctx.body(), true);
    Optional<String> ip =
        body.hasNonNull("ip_address")
            ? Optional.of(JsonFields.text(body, "ip_address", "ip_address", true).trim())
            : Optional.empty();
    if (ip.isPresent() && ip.get().isEmpty()) {
      throw new InvalidRequestException("ip_address must not be blank");
    }
    ip.ifPresent(NodeAddress::require);
    NodeOwnership.requireOwner(ctx, store, uuid);
    Optional<Node> before = Ids.canonical(uuid).flatMap(store::find);
    Optional<NodeStatus> status = Optional.empty();
    if (body.hasNonNull("status")) {
      String raw = JsonFields.text(body, "status", "status", true);
      status =
          Optional.of(
              NodeStatus.fromWire(raw)
                  .orElseThrow(
                      () ->
                          new InvalidRequestException(
                              "status must be one of online, offline, active, inactive but was "
                                  + raw)));
    }
    NodeUpdate change =
        new NodeUpdate(
            ip,
            JsonFields.integer(body, "port", "port", 0, 65535).map(Long::intValue),
            JsonFields.integer(body, "http_port", "http_port", 0, 65535).map(Long::intValue),
            status,
            body.hasNonNull("metadata")
                ? Optional.of(
                    before
                        .map(n -> NodeOwnership.keep(n, metadataOf(body)))
                        .orElseGet(() -> metadataOf(body)))
                : Optional.empty());
    Node node =
        Ids.canonical(uuid)
            .flatMap(id -> store.update(id, change))
            .orElseThrow(() -> notFound(uuid));
    onChange.run();
    ctx.json(
        new NodeUpdated(
            true, "Node updated successfully", describe(node, resources.find(node.uuid()))));
  }

  private static Map<String, String> metadataOf(JsonNode body) {
    return NodeNumbers.metadata(JsonFields.stringMap(body, "metadata", "metadata"));
  }

  private void delete(Context ctx) {
    String uuid = ctx.pathParam("uuid");
    NodeOwnership.requireOwner(ctx, store, uuid);
    if (!Ids.canonical(uuid).map(store::delete).orElse(false)) {
      throw notFound(uuid);
    }
    onChange.run();
    ctx.json(new Done(true, "Node deleted: " + uuid));
  }

  /** The answer of {@code GET /api/v1/nodes/{uuid}}. */
  record NodeAnswer(boolean success, NodeInfo node) {}

  /** The answer of {@code PUT /api/v1/nodes/{uuid}}. */
  record NodeUpdated(boolean success, String message, NodeInfo node) {}

  /** The wire form of a node, as SPEAR's (timestamps in epoch seconds). */
  static NodeInfo describe(Node node, Optional<NodeResource> resource) {
    return new NodeInfo(
        node.uuid(),
        node.ipAddress(),
        node.port(),
        node.httpPort(),
        node.status().wire(),
        node.lastHeartbeat().getEpochSecond(),
        node.registeredAt().getEpochSecond(),
        node.metadata(),
        node.healthInfo(),
        resource.<JsonNode>map(r -> Json.mapper().valueToTree(r)).orElse(null));
  }

  static NotFoundException notFound(String uuid) {
    return new NotFoundException(ErrorCode.NODE_NOT_FOUND, "node not found: " + uuid);
  }
}
