package io.spear.sms.secret;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.egress.EgressDecision;
import io.spear.egress.EgressPolicy;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.http.auth.AuthGuard;
import io.spear.http.auth.Caller;
import io.spear.http.auth.Role;
import io.spear.model.error.AccessDeniedException;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.UnavailableException;
import io.spear.model.json.JsonFields;
import io.spear.model.mcp.McpServerSpec;
import io.spear.model.secret.SecretReferences;
import io.spear.model.task.Task;
import io.spear.sms.id.Ids;
import io.spear.sms.node.NodeOwnership;
import io.spear.sms.node.NodeStore;
import io.spear.sms.task.TaskStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets API: an admin creates, replaces and deletes secrets; admins, users and viewers list
 * their names; a node resolves the ones a task it runs refers to. No answer but the last carries a
 * value, and that one only to the node that asks for a task it may run.
 */
public final class SecretService implements ApiService {

  private static final Logger LOG = LoggerFactory.getLogger(SecretService.class);

  /** The largest value accepted. */
  static final int MAX_VALUE_BYTES = 64 * 1024;

  private final SecretStore store;
  private final Optional<SecretsKey> key;
  private final TaskStore tasks;
  private final NodeStore nodes;
  private final Function<String, Optional<McpServerSpec>> mcp;

  /** A service over {@code store}, sealing with {@code key} (none: secrets refused). */
  public SecretService(
      SecretStore store, Optional<SecretsKey> key, TaskStore tasks, NodeStore nodes) {
    this(store, key, tasks, nodes, id -> Optional.empty());
  }

  /** A service as above that also resolves the header secrets of the MCP servers in {@code mcp}. */
  public SecretService(
      SecretStore store,
      Optional<SecretsKey> key,
      TaskStore tasks,
      NodeStore nodes,
      Function<String, Optional<McpServerSpec>> mcp) {
    this.store = store;
    this.key = key;
    this.tasks = tasks;
    this.nodes = nodes;
    this.mcp = mcp;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/secrets", this::put).allow(),
        Route.get("/api/v1/secrets", this::list).allow(Role.USER, Role.VIEWER),
        Route.delete("/api/v1/secrets/{name}", this::delete).allow(),
        Route.post("/api/v1/secrets/resolve", this::resolve).allow(Role.NODE));
  }

  private void put(Context ctx) {
    SecretsKey sealer = requireKey();
    JsonNode body = JsonFields.object(ctx.body(), true);
    String name = JsonFields.text(body, "name", "name", true);
    if (!SecretReferences.validName(name)) {
      throw new InvalidRequestException(
          "name must be a letter or '_' then up to 127 letters, digits, '_', '-' or '.'");
    }
    JsonNode value = body.get("value");
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new InvalidRequestException("value is required and must be a non-empty string");
    }
    if (value.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      throw new InvalidRequestException("value may be at most " + MAX_VALUE_BYTES + " bytes");
    }
    List<String> hosts = allowedHosts(body.get("allowed_hosts"));
    boolean replaced = store.put(name, sealer.seal(name, value.asText()), hosts);
    LOG.info("secret {} {}", name, replaced ? "replaced" : "created");
    ctx.status(replaced ? 200 : 201).json(new Written(true, name, replaced));
  }

  private static List<String> allowedHosts(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.size() > 100) {
      throw new InvalidRequestException("allowed_hosts must be a list of at most 100 entries");
    }
    List<String> hosts = new ArrayList<>();
    for (JsonNode entry : node) {
      if (!entry.isTextual()) {
        throw new InvalidRequestException("allowed_hosts entries must be strings");
      }
      hosts.add(entry.asText().strip());
    }
    try {
      EgressPolicy.rules(hosts);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("allowed_hosts: " + e.getMessage());
    }
    return List.copyOf(hosts);
  }

  private void list(Context ctx) {
    List<Listed> listed =
        store.list().stream()
            .map(s -> new Listed(s.name(), s.allowedHosts(), s.createdAt(), s.updatedAt()))
            .toList();
    ctx.json(new Secrets(true, key.isPresent(), listed));
  }

  private void delete(Context ctx) {
    String name = ctx.pathParam("name");
    if (!store.delete(name)) {
      throw notFound(name);
    }
    LOG.info("secret {} deleted", name);
    ctx.json(new Deleted(true));
  }

  // A node asks for the secrets of a task it is about to run; it gets those the task's env refers
  // to, and only for a node its token registered.
  private void resolve(Context ctx) {
    Optional<Caller> caller = AuthGuard.caller(ctx);
    if (caller.isPresent() && caller.get().role() != Role.NODE) {
      throw new AccessDeniedException(
          ErrorCode.PERMISSION_DENIED, "only a node resolves secrets, for a task it runs");
    }
    JsonNode body = JsonFields.object(ctx.body(), true);
    String nodeUuid = JsonFields.text(body, "node_uuid", "node_uuid", true);
    if (caller.isPresent()) {
      NodeOwnership.requireOwner(ctx, nodes, nodeUuid);
      if (Ids.canonical(nodeUuid).flatMap(nodes::find).isEmpty()) {
        throw new NotFoundException(ErrorCode.NODE_NOT_FOUND, "node not found: " + nodeUuid);
      }
    }
    if (body.has("mcp_server_id")) {
      String serverId = JsonFields.text(body, "mcp_server_id", "mcp_server_id", true);
      ctx.json(new Resolved(true, mcpValues(serverId), Map.of()));
      return;
    }
    String taskId = JsonFields.text(body, "task_id", "task_id", true);
    Task task =
        Ids.canonical(taskId)
            .flatMap(tasks::find)
            .orElseThrow(
                () -> new NotFoundException(ErrorCode.TASK_NOT_FOUND, "task not found: " + taskId));
    if (!task.nodeUuid().isEmpty() && !Ids.canonical(nodeUuid).orElse("").equals(task.nodeUuid())) {
      throw new AccessDeniedException(
          ErrorCode.PERMISSION_DENIED,
          "task " + task.taskId() + " is pinned to another node than " + nodeUuid);
    }
    JsonNode names = body.get("names");
    if (names != null && !names.isNull()) {
      ctx.json(headerSecrets(task, names));
      return;
    }
    ctx.json(new Resolved(true, values(task), Map.of()));
  }

  // An execution's http_call names secrets in header values at run time. Only secrets that list
  // allowed_hosts are usable there (the node sends each only towards those hosts), so no other
  // secret leaves SMS because a guest named it; a name SMS does not give is simply absent.
  private Resolved headerSecrets(Task task, JsonNode names) {
    if (!names.isArray() || names.isEmpty() || names.size() > 32) {
      throw new InvalidRequestException("names must be a list of 1 to 32 secret names");
    }
    SecretsKey opener = requireKey();
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, List<String>> hosts = new LinkedHashMap<>();
    for (JsonNode name : names) {
      if (!name.isTextual() || !SecretReferences.validName(name.asText())) {
        throw new InvalidRequestException("names must hold valid secret names");
      }
      Optional<StoredSecret> secret = store.find(name.asText());
      if (secret.isPresent() && !secret.get().allowedHosts().isEmpty()) {
        values.put(name.asText(), opener.open(name.asText(), secret.get().sealed()));
        hosts.put(name.asText(), secret.get().allowedHosts());
      }
    }
    LOG.debug(
        "resolved {} header secret(s) of {} named for task {}",
        values.size(),
        names.size(),
        task.taskId());
    return new Resolved(true, values, hosts);
  }

  private Map<String, String> values(Task task) {
    Set<String> names;
    try {
      names = SecretReferences.names(task.executable().env());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return values;
    }
    SecretsKey opener = requireKey();
    for (String name : names) {
      StoredSecret secret =
          store
              .find(name)
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          ErrorCode.SECRET_NOT_FOUND,
                          "task "
                              + task.taskId()
                              + " refers to secret "
                              + name
                              + ", which does not exist"));
      values.put(name, opener.open(name, secret.sealed()));
    }
    LOG.debug("resolved {} secret(s) for task {}", values.size(), task.taskId());
    return values;
  }

  // The secrets an admin's MCP server refers to in its http.headers (each only when the server's
  // URL is within the secret's allowed_hosts) or its stdio.env, for the nodes that open sessions
  // with it.
  private Map<String, String> mcpValues(String serverId) {
    McpServerSpec spec =
        mcp.apply(serverId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        ErrorCode.NOT_FOUND, "mcp server not found: " + serverId));
    boolean http = "streamable_http".equals(spec.transport()) && spec.http() != null;
    boolean stdio = "stdio".equals(spec.transport()) && spec.stdio() != null;
    if (!http && !stdio) {
      return new LinkedHashMap<>();
    }
    Set<String> names;
    try {
      names = SecretReferences.names(http ? spec.http().headers() : spec.stdio().env());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("mcp server " + serverId + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return values;
    }
    SecretsKey opener = requireKey();
    for (String name : names) {
      StoredSecret secret =
          store
              .find(name)
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          ErrorCode.SECRET_NOT_FOUND,
                          "mcp server "
                              + serverId
                              + " refers to secret "
                              + name
                              + ", which does not exist"));
      if (http) {
        // A stdio server's process holds the value itself, as a task's guest does with its env:
        // allowed_hosts bounds where a node sends a value, which a process is not bound by.
        requireAllowedHost(name, secret.allowedHosts(), spec.http().url().trim());
      }
      values.put(name, opener.open(name, secret.sealed()));
    }
    LOG.debug("resolved {} secret(s) for mcp server {}", values.size(), serverId);
    return values;
  }

  private static void requireAllowedHost(String name, List<String> allowedHosts, String url) {
    if (allowedHosts.isEmpty()) {
      return;
    }
    if (EgressPolicy.of(allowedHosts).check(url) instanceof EgressDecision.Refused refused) {
      throw new AccessDeniedException(
          ErrorCode.PERMISSION_DENIED,
          "secret " + name + " may not be sent to " + url + ": " + refused.reason());
    }
  }

  private SecretsKey requireKey() {
    return key.orElseThrow(
        () ->
            new UnavailableException(
                ErrorCode.SECRETS_UNAVAILABLE,
                "SMS has no secrets key, so it keeps no secrets: start it with"
                    + " --secrets-key-file FILE or SPEAR_SECRETS_KEY (base64 of 32 random bytes)"));
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException(ErrorCode.SECRET_NOT_FOUND, "secret not found: " + name);
  }

  /** The answer to a create (201) or replace (200); never the value. */
  record Written(boolean success, String name, boolean replaced) {}

  /** One secret in the list: no value. */
  record Listed(String name, List<String> allowedHosts, long createdAtMs, long updatedAtMs) {}

  /** The list, and whether SMS holds a key (without one nothing can be created). */
  record Secrets(boolean success, boolean keyConfigured, List<Listed> secrets) {}

  /** The answer to a delete. */
  record Deleted(boolean success) {}

  /**
   * The values a node receives for one task, by name, and (for header secrets) where each may go.
   */
  record Resolved(
      boolean success, Map<String, String> values, Map<String, List<String>> allowedHosts) {
    // Jackson reads the components; this keeps the values out of any log line printing it.
    @Override
    public String toString() {
      return "Resolved" + values.keySet();
    }
  }
}
