package io.spear.sms.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.json.Json;
import io.spear.model.json.JsonFields;
import io.spear.model.mcp.McpServerSpec;
import java.util.List;

/** The MCP server registry API: register or replace, list, get, delete. */
public final class McpService implements ApiService {

  private final McpServerStore store;

  /** A service over {@code store}. */
  public McpService(McpServerStore store) {
    this.store = store;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/mcp/servers", this::register).allow(),
        Route.get("/api/v1/mcp/servers", this::list),
        Route.get("/api/v1/mcp/servers/{id}", this::get),
        Route.delete("/api/v1/mcp/servers/{id}", this::delete).allow());
  }

  /** Reads and checks a spec from a JSON (or TOML-converted) tree. */
  public static McpServerSpec parse(JsonNode tree) {
    McpServerSpec spec;
    try {
      spec = Json.mapper().treeToValue(McpSpecLimits.check(tree), McpServerSpec.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidRequestException("invalid MCP server: " + message(e));
    }
    return spec.validated();
  }

  private static String message(Exception e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException j
        ? JsonFields.describe(j)
        : e.getMessage();
  }

  private void register(Context ctx) {
    McpServerSpec spec = parse(JsonFields.object(ctx.body(), true));
    boolean replaced = store.put(spec);
    ctx.status(replaced ? 200 : 201).json(new Registered(true, spec.serverId(), replaced));
  }

  private void list(Context ctx) {
    ctx.json(new Servers(true, store.list()));
  }

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    McpServerSpec spec = store.find(id).orElseThrow(() -> notFound(id));
    ctx.json(new Server(true, spec));
  }

  private void delete(Context ctx) {
    String id = ctx.pathParam("id");
    if (!store.delete(id)) {
      throw notFound(id);
    }
    ctx.json(new Deleted(true));
  }

  /** The answer to a registration: 201 when new, 200 when it replaced a server of that id. */
  record Registered(boolean success, String serverId, boolean replaced) {}

  /** The answer to the list. */
  record Servers(boolean success, List<McpServerSpec> servers) {}

  /** The answer to a read. */
  record Server(boolean success, McpServerSpec server) {}

  /** The answer to a delete. */
  record Deleted(boolean success) {}

  private static NotFoundException notFound(String id) {
    return new NotFoundException("mcp server not found: " + id);
  }
}
