package io.spear.security;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;

/**
 * The one declared expectation of who may call what: every operation of both servers' OpenAPI
 * documents, with the access the role table of docs/security.md ("Tokens and roles") gives it. An
 * operation a document lists and this table does not fails the suite, so a new route needs a
 * decision here.
 */
final class RoleTable {

  /** Who may call an operation, in the words of docs/security.md. */
  enum Access {
    /** {@code /health}, the API documents and Swagger UI: no token needed. */
    PUBLIC(Set.of()),
    /** "Every GET": viewer, and every role that may what a viewer may. */
    READ(Set.of("admin", "user", "node", "viewer")),
    /**
     * Files, tasks, invoking and cancelling: user and admin (the HTTP trigger too, for a task that
     * is not public: the table's calls name no task at all).
     */
    USER(Set.of("admin", "user")),
    /** Registering and running a node, reporting executions and log lines: node and admin. */
    NODE(Set.of("admin", "node")),
    /** Key-value writes: users, and nodes for their guests (in namespaces of tasks only). */
    KV_WRITE(Set.of("admin", "user", "node")),
    /** The MCP server registry's and the secrets' writes. */
    ADMIN(Set.of("admin")),
    /** Secret names (never values): every reader but nodes, which resolve values instead. */
    SECRET_NAMES(Set.of("admin", "user", "viewer")),
    /** Secret values for a task a node runs: node tokens only, not even an admin. */
    NODE_ONLY(Set.of("node")),
    /** A WebSocket checked by bearer token: it feeds a guest, so user and admin only. */
    SOCKET(Set.of("admin", "user")),
    /** A WebSocket that checks the stream session's single-use token instead of a bearer token. */
    SESSION_SOCKET(Set.of()),
    /** A Spearlet route SMS forwards to: user and admin, and SMS's forwarding identity. */
    FORWARDED(Set.of("admin", "user", "sms")),
    /** A Spearlet read SMS makes on a caller's behalf: every reader, and SMS. */
    FORWARDED_READ(Set.of("admin", "user", "node", "viewer", "sms")),
    /** A Spearlet stream socket SMS proxies: user and admin, and SMS. */
    FORWARDED_SOCKET(Set.of("admin", "user", "sms"));

    /** The role ids allowed; empty when no bearer token is needed. */
    final Set<String> roles;

    Access(Set<String> roles) {
      this.roles = roles;
    }

    boolean webSocket() {
      return this == SOCKET || this == SESSION_SOCKET || this == FORWARDED_SOCKET;
    }
  }

  private RoleTable() {}

  /** SMS's operations, as {@code METHOD path}. */
  static final Map<String, Access> SMS =
      Map.ofEntries(
          entry("GET /health", Access.PUBLIC),
          entry("GET /metrics", Access.READ),
          entry("GET /openapi.yaml", Access.PUBLIC),
          entry("GET /openapi.json", Access.PUBLIC),
          entry("GET /api/openapi.json", Access.PUBLIC),
          entry("GET /swagger-ui", Access.PUBLIC),
          entry("POST /api/v1/files", Access.USER),
          entry("GET /api/v1/files", Access.READ),
          entry("GET /api/v1/files/{id}", Access.READ),
          entry("DELETE /api/v1/files/{id}", Access.USER),
          entry("GET /api/v1/files/{id}/meta", Access.READ),
          entry("POST /api/v1/tasks", Access.USER),
          entry("GET /api/v1/tasks", Access.READ),
          entry("GET /api/v1/tasks/{id}", Access.READ),
          entry("PUT /api/v1/tasks/{id}", Access.USER),
          entry("DELETE /api/v1/tasks/{id}", Access.USER),
          entry("GET /api/v1/tasks/{id}/executions", Access.READ),
          entry("POST /api/v1/tasks/{id}/invoke", Access.USER),
          entry("POST /api/v1/invocations", Access.USER),
          entry("POST /api/v1/nodes", Access.NODE),
          entry("GET /api/v1/nodes", Access.READ),
          entry("GET /api/v1/nodes/{uuid}", Access.READ),
          entry("PUT /api/v1/nodes/{uuid}", Access.NODE),
          entry("DELETE /api/v1/nodes/{uuid}", Access.NODE),
          entry("POST /api/v1/nodes/{uuid}/heartbeat", Access.NODE),
          entry("POST /api/v1/nodes/{uuid}/reconcile", Access.NODE),
          entry("PUT /api/v1/nodes/{uuid}/resource", Access.NODE),
          entry("GET /api/v1/nodes/{uuid}/resource", Access.READ),
          entry("GET /api/v1/resources", Access.READ),
          entry("GET /api/v1/cluster/stats", Access.READ),
          entry("GET /api/v1/executions", Access.READ),
          entry("POST /api/v1/executions", Access.NODE),
          entry("PUT /api/v1/executions/{id}", Access.NODE),
          entry("GET /api/v1/executions/{id}", Access.READ),
          entry("GET /api/v1/executions/{id}/logs", Access.READ),
          entry("POST /api/v1/executions/{id}/logs", Access.NODE),
          entry("GET /api/v1/executions/{id}/logs/download", Access.READ),
          entry("GET /api/v1/executions/{id}/output", Access.READ),
          entry("POST /api/v1/executions/{id}/cancel", Access.USER),
          entry("POST /api/v1/executions/{id}/streams/session", Access.USER),
          entry("GET /api/v1/executions/{id}/streams/ws", Access.SESSION_SOCKET),
          entry("GET /e/{endpoint}/ws", Access.SOCKET),
          entry("GET /api/v1/mcp/servers", Access.READ),
          entry("POST /api/v1/mcp/servers", Access.ADMIN),
          entry("GET /api/v1/mcp/servers/{id}", Access.READ),
          entry("DELETE /api/v1/mcp/servers/{id}", Access.ADMIN),
          entry("GET /h/{endpoint}", Access.USER),
          entry("POST /h/{endpoint}", Access.USER),
          entry("PUT /h/{endpoint}", Access.USER),
          entry("PATCH /h/{endpoint}", Access.USER),
          entry("DELETE /h/{endpoint}", Access.USER),
          entry("HEAD /h/{endpoint}", Access.USER),
          entry("OPTIONS /h/{endpoint}", Access.USER),
          entry("GET /h/{endpoint}/{path}", Access.USER),
          entry("POST /h/{endpoint}/{path}", Access.USER),
          entry("PUT /h/{endpoint}/{path}", Access.USER),
          entry("PATCH /h/{endpoint}/{path}", Access.USER),
          entry("DELETE /h/{endpoint}/{path}", Access.USER),
          entry("HEAD /h/{endpoint}/{path}", Access.USER),
          entry("OPTIONS /h/{endpoint}/{path}", Access.USER),
          entry("GET /api/v1/backends", Access.READ),
          entry("GET /api/v1/kv", Access.READ),
          entry("GET /api/v1/kv/{namespace}", Access.READ),
          entry("GET /api/v1/kv/{namespace}/{key}", Access.READ),
          entry("PUT /api/v1/kv/{namespace}/{key}", Access.KV_WRITE),
          entry("DELETE /api/v1/kv/{namespace}/{key}", Access.KV_WRITE),
          entry("POST /api/v1/schedules", Access.USER),
          entry("GET /api/v1/schedules", Access.READ),
          entry("GET /api/v1/schedules/{id}", Access.READ),
          entry("DELETE /api/v1/schedules/{id}", Access.USER),
          entry("POST /api/v1/schedules/{id}/pause", Access.USER),
          entry("POST /api/v1/schedules/{id}/resume", Access.USER),
          entry("GET /api/v1/secrets", Access.SECRET_NAMES),
          entry("POST /api/v1/secrets", Access.ADMIN),
          entry("DELETE /api/v1/secrets/{name}", Access.ADMIN),
          entry("POST /api/v1/secrets/resolve", Access.NODE_ONLY));

  /** A Spearlet's operations, as {@code METHOD path}. */
  static final Map<String, Access> SPEARLET =
      Map.ofEntries(
          entry("GET /health", Access.PUBLIC),
          entry("GET /metrics", Access.READ),
          entry("GET /openapi.yaml", Access.PUBLIC),
          entry("GET /openapi.json", Access.PUBLIC),
          entry("GET /api/openapi.json", Access.PUBLIC),
          entry("GET /swagger-ui", Access.PUBLIC),
          entry("POST /functions/execute", Access.FORWARDED),
          entry("GET /functions/executions/{id}", Access.FORWARDED_READ),
          entry("POST /functions/executions/{id}/cancel", Access.FORWARDED),
          entry("POST /invoke/{task_id}", Access.FORWARDED),
          entry("GET /api/v1/executions/{id}/streams/ws", Access.FORWARDED_SOCKET),
          entry("GET /h/{endpoint}", Access.FORWARDED),
          entry("POST /h/{endpoint}", Access.FORWARDED),
          entry("PUT /h/{endpoint}", Access.FORWARDED),
          entry("PATCH /h/{endpoint}", Access.FORWARDED),
          entry("DELETE /h/{endpoint}", Access.FORWARDED),
          entry("HEAD /h/{endpoint}", Access.FORWARDED),
          entry("OPTIONS /h/{endpoint}", Access.FORWARDED),
          entry("GET /h/{endpoint}/{path}", Access.FORWARDED),
          entry("POST /h/{endpoint}/{path}", Access.FORWARDED),
          entry("PUT /h/{endpoint}/{path}", Access.FORWARDED),
          entry("PATCH /h/{endpoint}/{path}", Access.FORWARDED),
          entry("DELETE /h/{endpoint}/{path}", Access.FORWARDED),
          entry("HEAD /h/{endpoint}/{path}", Access.FORWARDED),
          entry("OPTIONS /h/{endpoint}/{path}", Access.FORWARDED),
          entry("GET /api/v1/backends", Access.READ));
}
