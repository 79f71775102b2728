package io.spear.sms.node;

import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.http.auth.Role;
import io.spear.model.api.Done;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.NotFoundException;
import io.spear.model.json.JsonFields;
import io.spear.sms.id.Ids;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** SPEAR's node resource routes and cluster statistics. */
public final class NodeResourceService implements ApiService {

  private final NodeStore nodes;
  private final NodeResourceStore resources;
  private final InstantSource clock;

  /** A service over the nodes and their resource reports. */
  public NodeResourceService(NodeStore nodes, NodeResourceStore resources, InstantSource clock) {
    this.nodes = nodes;
    this.resources = resources;
    this.clock = clock;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.put("/api/v1/nodes/{uuid}/resource", this::put).allow(Role.NODE),
        Route.get("/api/v1/nodes/{uuid}/resource", this::get),
        Route.get("/api/v1/resources", this::list),
        Route.get("/api/v1/cluster/stats", this::stats));
  }

  private void put(Context ctx) {
    String uuid = existingNode(ctx.pathParam("uuid"));
    NodeOwnership.requireOwner(ctx, nodes, uuid);
    NodeResource resource =
        NodeResourceParser.fromJson(
            uuid, JsonFields.object(ctx.body(), true), clock.instant().getEpochSecond());
    resources.put(resource);
    ctx.json(new Done(true, "Node resource updated successfully"));
  }

  private void get(Context ctx) {
    String raw = ctx.pathParam("uuid");
    String uuid = existingNode(raw);
    NodeResource resource =
        resources
            .find(uuid)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        ErrorCode.NODE_NOT_FOUND, "node " + raw + " has reported no resources"));
    ctx.json(resource);
  }

  private void list(Context ctx) {
    Optional<Set<String>> only =
        Optional.ofNullable(ctx.queryParam("node_uuids"))
            .filter(s -> !s.isBlank())
            .map(
                s ->
                    Arrays.stream(s.split(","))
                        .map(String::trim)
                        .flatMap(id -> Ids.canonical(id).stream())
                        .collect(Collectors.toSet()));
    List<NodeResource> list =
        resources.list().stream()
            .filter(r -> only.map(set -> set.contains(r.nodeUuid())).orElse(true))
            .toList();
    ctx.json(new Resources(true, list, list.size()));
  }

  private void stats(Context ctx) {
    ctx.json(new Stats(true, ClusterStats.of(nodes.list(Optional.empty()), resources.list())));
  }

  /** The answer to the list of resources. */
  record Resources(boolean success, List<NodeResource> resources, int totalCount) {}

  /** The answer to the cluster's stats. */
  record Stats(boolean success, ClusterStats stats) {}

  private String existingNode(String raw) {
    return Ids.canonical(raw)
        .flatMap(nodes::find)
        .map(Node::uuid)
        .orElseThrow(() -> NodeService.notFound(raw));
  }
}
