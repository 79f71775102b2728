package io.spear.sms.stream;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.http.WebSocketRoute;
import io.spear.model.error.ConflictException;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.UnavailableException;
import io.spear.model.execution.ExecutionRecord;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeStore;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SPEAR's stream sessions: {@code POST /api/v1/executions/{id}/streams/session} hands out a
 * short-lived single-use token, and {@code GET /api/v1/executions/{id}/streams/ws?token=} checks it
 * and proxies the socket to the node running the execution. Tokens live in the store, so a client
 * may connect through another replica than the one that issued its token.
 */
public final class StreamSessionService implements ApiService {

  /** How long a token is valid, as SPEAR. */
  public static final Duration TOKEN_TTL = Duration.ofSeconds(60);

  static final String UPSTREAM = "spear.stream.upstream";
  private static final String PROXY = "spear.stream.proxy";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final StreamSessionStore sessions;
  private final ExecutionStore executions;
  private final NodeStore nodes;
  private final InstantSource clock;
  private final HttpClient http;

  /**
   * The service over the shared store, presenting to each node the secret it was given at
   * registration.
   */
  public StreamSessionService(
      StreamSessionStore sessions,
      ExecutionStore executions,
      NodeStore nodes,
      InstantSource clock,
      HttpClient http) {
    this.sessions = sessions;
    this.executions = executions;
    this.nodes = nodes;
    this.clock = clock;
    this.http = http;
  }

  @Override
  public List<Route> routes() {
    return List.of(Route.post("/api/v1/executions/{id}/streams/session", this::createSession));
  }

  @Override
  public List<WebSocketRoute> webSockets() {
    return List.of(
        new WebSocketRoute(
            "/api/v1/executions/{id}/streams/ws", this::checkToken, ws -> proxy(ws, http), true));
  }

  private void createSession(Context ctx) {
    String executionId = ctx.pathParam("id");
    running(executionId);
    long now = clock.millis();
    sessions.purgeExpired(now);
    String token = StreamTokens.newToken();
    sessions.put(
        new StreamSession(StreamTokens.hash(token), executionId, now + TOKEN_TTL.toMillis()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("execution_id", executionId);
    body.put("token", token);
    body.put(
        "ws_url",
        wsBase(ctx)
            + "/api/v1/executions/"
            + URLEncoder.encode(executionId, StandardCharsets.UTF_8)
            + "/streams/ws?token="
            + token);
    body.put("expires_in_ms", TOKEN_TTL.toMillis());
    ctx.json(body);
  }

  private void checkToken(Context ctx) {
    String executionId = ctx.pathParam("id");
    String token = ctx.queryParam("token");
    if (token == null || token.isEmpty()) {
      throw new HttpResponseException(401, "TOKEN_REQUIRED: a stream session token is required");
    }
    Optional<StreamSession> session = sessions.take(StreamTokens.hash(token));
    if (session.isEmpty() || session.get().expiresAtMs() < clock.millis()) {
      throw new HttpResponseException(401, "TOKEN_INVALID: unknown, used or expired token");
    }
    if (!session.get().executionId().equals(executionId)) {
      throw new HttpResponseException(403, "TOKEN_FORBIDDEN: the token is for another execution");
    }
    ctx.attribute(UPSTREAM, nodeSocket(running(executionId)));
  }

  /** The execution, when it is still running; SPEAR's EXECUTION_NOT_FOUND otherwise. */
  private ExecutionRecord running(String executionId) {
    ExecutionRecord record =
        executions
            .find(executionId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        ErrorCode.EXECUTION_NOT_FOUND, "execution " + executionId + " not found"));
    if (record.status().terminal()) {
      throw new ConflictException(
          ErrorCode.EXECUTION_ENDED, "execution " + executionId + " has ended");
    }
    return record;
  }

  /** The node-internal data plane address of a running execution. */
  NodeSockets.NodeSocket nodeSocket(ExecutionRecord record) {
    Node node =
        nodes
            .find(record.nodeUuid())
            .filter(n -> n.httpPort() > 0)
            .orElseThrow(
                () ->
                    new UnavailableException(
                        "the node running execution " + record.executionId() + " is unknown"));
    return NodeSockets.of(
        node,
        "/api/v1/executions/"
            + URLEncoder.encode(record.executionId(), StandardCharsets.UTF_8)
            + "/streams/ws");
  }

  static void proxy(WsConfig ws, HttpClient http) {
    ws.onConnect(
        ctx -> {
          StreamProxy proxy = new StreamProxy(ctx.session);
          ctx.attribute(PROXY, proxy);
          ctx.session.setIdleTimeout(Duration.ofMinutes(10));
          ctx.session.setMaxBinaryMessageSize(4L * 1024 * 1024);
          NodeSockets.NodeSocket upstream = ctx.attribute(UPSTREAM);
          proxy.connect(http, upstream, CONNECT_TIMEOUT);
        });
    ws.onBinaryMessage(
        ctx -> {
          byte[] frame = new byte[ctx.length()];
          System.arraycopy(ctx.data(), ctx.offset(), frame, 0, ctx.length());
          proxy(ctx).fromClient(frame);
        });
    ws.onClose(ctx -> proxy(ctx).clientClosed());
    ws.onError(ctx -> proxy(ctx).clientClosed());
  }

  private static StreamProxy proxy(WsContext ctx) {
    return ctx.attribute(PROXY);
  }

  /**
   * This server's own address as the request reached it (the socket's local address and port),
   * never the request's {@code Host} header: a forged header would otherwise send the token to a
   * host of the caller's choosing.
   */
  static String wsBase(Context ctx) {
    String scheme = "https".equalsIgnoreCase(ctx.scheme()) ? "wss" : "ws";
    String address = ctx.req().getLocalAddr();
    String host = address.contains(":") ? "[" + address + "]" : address;
    return scheme + "://" + host + ":" + ctx.req().getLocalPort();
  }
}
