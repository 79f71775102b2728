package io.spear.spearlet.stream;

import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.http.WebSocketRoute;
import io.spear.http.auth.Role;
import io.spear.model.error.ConflictException;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.NotFoundException;
import io.spear.spearlet.invoke.Execution;
import io.spear.spearlet.invoke.ExecutionRegistry;
import io.spear.streams.UserStreamBroker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/executions/{id}/streams/ws}: the node's WebSocket data plane for the user
 * streams of an execution running here. No authentication, as in SPEAR: this is the node's internal
 * address, which SMS proxies after checking a session token.
 */
public final class StreamsService implements ApiService {

  /** The route. */
  public static final String PATH = "/api/v1/executions/{id}/streams/ws";

  private static final String SOCKET = "spear.stream.socket";

  private final UserStreamBroker broker;
  private final ExecutionRegistry executions;
  private final Duration hold;
  private final Duration idleTimeout;

  /**
   * The service.
   *
   * @param broker the node's user-stream hubs
   * @param executions the node's executions, to refuse unknown or ended ones before the upgrade
   * @param hold how long a client may wait for a queued execution to start
   * @param idleTimeout how long a socket may carry nothing before it is closed
   */
  public StreamsService(
      UserStreamBroker broker, ExecutionRegistry executions, Duration hold, Duration idleTimeout) {
    this.broker = broker;
    this.executions = executions;
    this.hold = hold;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public List<Route> routes() {
    return List.of();
  }

  @Override
  public List<WebSocketRoute> webSockets() {
    // SMS proxies its clients' streams here with this node's forwarding secret (role sms).
    return List.of(
        new WebSocketRoute(PATH, ctx -> check(ctx.pathParam("id")), this::configure)
            .allow(Role.USER, Role.SMS));
  }

  private void check(String executionId) {
    Optional<Execution> execution = executions.find(executionId);
    if (execution.isEmpty()) {
      throw new NotFoundException(
          ErrorCode.EXECUTION_NOT_FOUND, "execution " + executionId + " is not on this node");
    }
    if (execution.get().snapshot().record().status().terminal()
        && broker.find(executionId).isEmpty()) {
      throw new ConflictException("execution " + executionId + " has ended");
    }
  }

  private void configure(WsConfig ws) {
    ws.onConnect(
        ctx -> {
          ctx.session.setIdleTimeout(idleTimeout);
          ctx.session.setMaxBinaryMessageSize(broker.limits().maxFrameBytes());
          StreamSocket socket = new StreamSocket(ctx.session);
          ctx.attribute(SOCKET, socket);
          socket.attach(broker, ctx.pathParam("id"), hold);
        });
    ws.onBinaryMessage(
        ctx -> {
          byte[] frame = new byte[ctx.length()];
          System.arraycopy(ctx.data(), ctx.offset(), frame, 0, ctx.length());
          socket(ctx).received(frame);
        });
    ws.onClose(ctx -> socket(ctx).closedByClient());
    ws.onError(ctx -> socket(ctx).closedByClient());
  }

  private static StreamSocket socket(WsContext ctx) {
    return ctx.attribute(SOCKET);
  }
}
