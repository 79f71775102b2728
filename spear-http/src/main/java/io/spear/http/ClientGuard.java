package io.spear.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@link ClientLimits} on a Jetty server's connectors: closes connections whose request
 * headers take longer than the header timeout (Jetty's idle timeout never fires on a client that
 * sends a byte now and then) and connections beyond a client address's cap. Started with the
 * server, after the connectors exist and before they accept.
 */
final class ClientGuard extends AbstractLifeCycle {

  private static final Logger LOG = LoggerFactory.getLogger(ClientGuard.class);

  private final Server server;
  private final ClientLimits limits;
  private final Counter headerTimeouts;
  private final Counter overCap;
  private final Map<HttpConnection, Watch> watched = new ConcurrentHashMap<>();
  private ScheduledExecutorService sweeper;

  ClientGuard(Server server, ClientLimits limits, MeterRegistry metrics) {
    this.server = server;
    this.limits = limits;
    this.headerTimeouts = closed(metrics, "header_timeout");
    this.overCap = closed(metrics, "client_connection_cap");
  }

  private static Counter closed(MeterRegistry metrics, String reason) {
    return Counter.builder("spear.http.connections.closed")
        .description("Connections the server closed to protect itself, by reason")
        .tag("reason", reason)
        .register(metrics);
  }

  @Override
  protected void doStart() {
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof AbstractConnector c) {
        c.addBean(new Listener());
      }
    }
    long headerNanos = limits.headerTimeout().toNanos();
    long tick = Math.clamp(headerNanos / 4, TimeUnit.MILLISECONDS.toNanos(10), 1_000_000_000L);
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("http-client-guard").factory());
    // No one waits on the periodic task: doStop's shutdownNow ends it.
    var _ = sweeper.scheduleAtFixedRate(() -> sweep(headerNanos), tick, tick, TimeUnit.NANOSECONDS);
  }

  @Override
  protected void doStop() {
    sweeper.shutdownNow();
    watched.clear();
  }

  // Runs on one thread; parser states read from it may be a tick late, which the timeout absorbs.
  private void sweep(long headerNanos) {
    long now = System.nanoTime();
    watched.forEach(
        (connection, watch) -> {
          HttpParser parser = connection.getParser();
          long requests = connection.getMessagesIn();
          // Between requests of a kept-alive connection only Jetty's idle timeout applies.
          boolean awaitingHeaders = parser.inHeaderState() && (!parser.isStart() || requests == 0);
          if (!awaitingHeaders) {
            watch.requests = -1;
          } else if (watch.requests != requests) {
            watch.requests = requests;
            watch.since = now;
          } else if (now - watch.since > headerNanos) {
            watched.remove(connection);
            headerTimeouts.increment();
            LOG.debug(
                "closing {}: no complete request headers within {}",
                connection.getEndPoint().getRemoteSocketAddress(),
                limits.headerTimeout());
            connection.close();
          }
        });
  }

  /** When a request on this connection began waiting for its headers. */
  private static final class Watch {
    volatile long since;
    volatile long requests;

    Watch(long since) {
      this.since = since;
      this.requests = 0;
    }
  }

  /** Sees the connections of one connector open and close. */
  private final class Listener implements Connection.Listener {
    // Counted as connections are admitted, not read from the connector's list of open end
    // points: connections accepted together would each see all the others and all be closed.
    private final Map<InetAddress, Integer> admittedPerClient = new ConcurrentHashMap<>();
    private final Map<EndPoint, InetAddress> admitted = new ConcurrentHashMap<>();

    @Override
    public void onOpened(Connection connection) {
      EndPoint endPoint = connection.getEndPoint();
      // The network connection (plain HTTP, or TLS under which HTTP runs) is what a client holds.
      if (endPoint instanceof SocketChannelEndPoint && !admit(endPoint)) {
        overCap.increment();
        LOG.debug("closing {}: over the per-client connection cap", address(endPoint));
        endPoint.close();
        return;
      }
      if (connection instanceof HttpConnection http) {
        watched.put(http, new Watch(System.nanoTime()));
      }
    }

    @Override
    public void onClosed(Connection connection) {
      if (connection instanceof HttpConnection http) {
        watched.remove(http);
      }
      InetAddress client = admitted.remove(connection.getEndPoint());
      if (client != null) {
        release(client);
      }
    }

    private boolean admit(EndPoint endPoint) {
      int cap = limits.maxConnectionsPerClient();
      InetAddress client = address(endPoint);
      if (cap == 0 || client == null) {
        return true;
      }
      if (admittedPerClient.merge(client, 1, Integer::sum) > cap) {
        release(client);
        return false;
      }
      admitted.put(endPoint, client);
      return true;
    }

    private void release(InetAddress client) {
      admittedPerClient.computeIfPresent(client, (c, n) -> n <= 1 ? null : n - 1);
    }
  }

  private static InetAddress address(EndPoint endPoint) {
    SocketAddress remote = endPoint.getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
