package io.spear.sms.invoke;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client SMS forwards to nodes with: Apache HttpClient's classic (blocking) client on the
 * request's own thread, over a pool of HTTP/1.1 keep-alive connections per node, bodies passed as
 * bytes. Measured against the JDK's client, whose every send goes through future chains and
 * executor hops, it costs a fifth of the CPU per request.
 *
 * <p>A client whose pool was shut down fails every later request at once; kept, it would turn every
 * invocation into a 503 until a restart. A dead client is never used again: the next request gets a
 * new one, and {@link #healthy()} says false from the failure until a request succeeds.
 */
public final class ForwardingClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardingClient.class);

  /** Connections kept per node: at least the invocations a node takes at once. */
  static final int MAX_CONNECTIONS_PER_NODE = 1024;

  private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(2);

  // Methods that carry a body even when it is empty (Content-Length: 0), as the client sent them.
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

  // Waiting for a pooled connection is waiting for the node: bounded like the connection itself.
  private static final Timeout POOL_WAIT = Timeout.ofSeconds(10);

  /** How an answer's body is taken. */
  public static final class Body<T> {

    /** The whole body, read before the answer is handed over (the connection back in the pool). */
    public static final Body<byte[]> BYTES = new Body<>(ForwardingClient::readWhole);

    /** A stream of the body as it arrives; closing it frees the connection. */
    public static final Body<InputStream> STREAM = new Body<>(ForwardingClient::open);

    private final Exchange<T> exchange;

    private Body(Exchange<T> exchange) {
      this.exchange = exchange;
    }
  }

  @FunctionalInterface
  private interface Exchange<T> {
    NodeResponse<T> run(CloseableHttpClient http, ClassicHttpRequest message) throws IOException;
  }

  private record Client(PoolingHttpClientConnectionManager pool, CloseableHttpClient http) {}

  private final Supplier<PoolingHttpClientConnectionManager> pools;
  private final AtomicReference<Client> current;
  private final AtomicBoolean failing = new AtomicBoolean();

  ForwardingClient(Supplier<PoolingHttpClientConnectionManager> pools) {
    this.pools = pools;
    this.current = new AtomicReference<>(build());
  }

  /** A client of plain or TLS HTTP/1.1 keep-alive connections, reused across invocations. */
  public static ForwardingClient create() {
    return new ForwardingClient(ForwardingClient::pool);
  }

  private static PoolingHttpClientConnectionManager pool() {
    return PoolingHttpClientConnectionManagerBuilder.create()
        // The process's default context, which TlsTrust extends with the operator's CA.
        .setTlsSocketStrategy(new DefaultClientTlsStrategy(defaultTls()))
        .setMaxConnPerRoute(MAX_CONNECTIONS_PER_NODE)
        .setMaxConnTotal(MAX_CONNECTIONS_PER_NODE * 4)
        .setDefaultConnectionConfig(
            ConnectionConfig.custom()
                .setConnectTimeout(CONNECT_TIMEOUT)
                // A connection idle this long may have been closed by the node: checked first.
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .build())
        .build();
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context", e);
    }
  }

  private Client build() {
    PoolingHttpClientConnectionManager pool = pools.get();
    CloseableHttpClient http =
        HttpClients.custom()
            .setConnectionManager(pool)
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            // Bodies go through as the node sent them, encoded or not.
            .disableContentCompression()
            .disableDefaultUserAgent()
            // Connections to nodes that left are closed rather than kept.
            .evictIdleConnections(TimeValue.ofMinutes(1))
            .build();
    return new Client(pool, http);
  }

  /** Whether the last request did not end the client (false from a dead client to a success). */
  public boolean healthy() {
    return !failing.get();
  }

  /**
   * Sends {@code request} on the calling thread and takes the body as {@code body} says.
   *
   * @throws ConnectException when the node refused or did not take the connection in time, so that
   *     the request cannot have reached it
   * @throws java.net.SocketTimeoutException when the node did not answer within the timeout
   * @throws IOException on any other failure (the request may have reached the node)
   */
  <T> NodeResponse<T> send(NodeRequest request, Body<T> body) throws IOException {
    Client client = live();
    try {
      NodeResponse<T> response = exchangeOnLiveConnection(client, request, body);
      failing.set(false);
      return response;
    } catch (ConnectTimeoutException e) {
      // The node did not take the connection: as refused, the request never reached it.
      ConnectException refused =
          new ConnectException("connecting to " + request.uri() + " timed out");
      refused.initCause(e);
      throw refused;
    } catch (IOException | RuntimeException e) {
      if (client.pool().isClosed()) {
        failing.set(true);
        replace(client, e);
        throw new IOException("the forwarding client stopped: " + e, e);
      }
      throw e;
    }
  }

  /**
   * A pooled connection the node closed while it sat idle (the node stopped or restarted) fails the
   * request before the node could have read it: no answer at all, or a reset. The request goes
   * again once, after the idle connections are dropped, on a new connection to the same node; a
   * node that is gone then refuses it, and the forward moves on as for any refusal, as it would
   * have had the connection been opened for this request.
   */
  private static <T> NodeResponse<T> exchangeOnLiveConnection(
      Client client, NodeRequest request, Body<T> body) throws IOException {
    try {
      return body.exchange.run(client.http(), message(request));
    } catch (NoHttpResponseException | SocketException e) {
      if (e instanceof ConnectException) {
        throw e;
      }
      client.pool().closeIdle(TimeValue.ZERO_MILLISECONDS);
      return body.exchange.run(client.http(), message(request));
    }
  }

  private static ClassicHttpRequest message(NodeRequest request) {
    HttpUriRequestBase message = new HttpUriRequestBase(request.method(), request.uri());
    message.setConfig(
        RequestConfig.custom()
            .setResponseTimeout(Timeout.of(request.timeout()))
            .setConnectionRequestTimeout(POOL_WAIT)
            .build());
    for (NodeRequest.Header h : request.headers()) {
      message.addHeader(h.name(), h.value());
    }
    if (request.body().length > 0 || BODY_METHODS.contains(request.method())) {
      // Content-Type is among the headers already.
      message.setEntity(new ByteArrayEntity(request.body(), null));
    }
    return message;
  }

  private static NodeResponse<byte[]> readWhole(
      CloseableHttpClient http, ClassicHttpRequest message) throws IOException {
    return http.execute(
        message,
        response -> {
          try {
            byte[] bytes =
                response.getEntity() == null
                    ? new byte[0]
                    : EntityUtils.toByteArray(response.getEntity());
            return new NodeResponse<>(response.getCode(), headers(response), bytes);
          } catch (IOException e) {
            throw new BodyBroken(e);
          }
        });
  }

  /** The node began to answer and its body broke off: it had the request, never sent again. */
  private static final class BodyBroken extends IOException {
    private static final long serialVersionUID = 1L;

    BodyBroken(IOException cause) {
      super(cause.toString(), cause);
    }
  }

  private static NodeResponse<InputStream> open(
      CloseableHttpClient http, ClassicHttpRequest message) throws IOException {
    ClassicHttpResponse response = http.executeOpen(null, message, null);
    HttpEntity entity = response.getEntity();
    InputStream content = entity == null ? InputStream.nullInputStream() : entity.getContent();
    return new NodeResponse<>(response.getCode(), headers(response), closing(content, response));
  }

  private static List<NodeRequest.Header> headers(ClassicHttpResponse response) {
    Header[] all = response.getHeaders();
    List<NodeRequest.Header> headers = new ArrayList<>(all.length);
    for (Header h : all) {
      headers.add(new NodeRequest.Header(h.getName(), h.getValue()));
    }
    return headers;
  }

  /** The body's stream; closing it closes the response (a body read to its end was reused). */
  private static InputStream closing(InputStream content, ClassicHttpResponse response) {
    return new FilterInputStream(content) {
      @Override
      public void close() throws IOException {
        try {
          response.close();
        } finally {
          super.close();
        }
      }
    };
  }

  private Client live() {
    Client client = current.get();
    return client.pool().isClosed() ? replace(client, null) : client;
  }

  private Client replace(Client dead, Exception cause) {
    Client fresh = build();
    if (current.compareAndSet(dead, fresh)) {
      LOG.error(
          "the invocation forwarding client stopped{}; replaced it with a new one",
          cause == null ? "" : " (" + cause + ")");
      dead.http().close(CloseMode.IMMEDIATE);
      return fresh;
    }
    fresh.http().close(CloseMode.IMMEDIATE); // another request replaced it first
    return current.get();
  }

  /** Stops the client and its connections; SMS closes it when it stops. */
  @Override
  public void close() {
    current.get().http().close(CloseMode.IMMEDIATE);
  }
}
