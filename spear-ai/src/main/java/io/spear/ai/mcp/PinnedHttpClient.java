package io.spear.ai.mcp;

import io.spear.egress.EgressTarget;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.apache.hc.core5.http.HttpHost;

/**
 * The JDK's {@link HttpClient} API, which the MCP SDK's streamable HTTP transport speaks, on {@link
 * PinnedConnections}: every request goes to the one address the egress policy checked for the
 * server's URL (the JDK's own client would look the name up again, and could be sent elsewhere by a
 * DNS answer that changed since). A request for another origin fails without connecting anywhere.
 */
final class PinnedHttpClient extends HttpClient {

  private final PinnedConnections connections;
  private final EgressTarget target;
  private final HttpHost host;
  private final SSLContext tls;
  private final Duration connectTimeout;

  private PinnedHttpClient(
      PinnedConnections connections, EgressTarget target, SSLContext tls, Duration timeout) {
    this.connections = connections;
    this.target = target;
    this.tls = tls;
    this.connectTimeout = timeout;
    String name = target.host();
    this.host =
        new HttpHost(
            target.scheme(),
            target.address(),
            name.startsWith("[") ? name.substring(1, name.length() - 1) : name,
            target.port());
  }

  /** A builder the SDK finishes (it sets the connect timeout); other settings are the node's. */
  static Builder builder(PinnedConnections connections, EgressTarget target, SSLContext tls) {
    return new PinnedBuilder(connections, target, tls);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    CompletableFuture<HttpResponse<T>> answer = new CompletableFuture<>();
    if (!sameOrigin(request.uri())) {
      answer.completeExceptionally(
          new IOException("an MCP request left the origin its egress check was for"));
      return answer;
    }
    PinnedExchange<T> exchange =
        new PinnedExchange<>(connections.client(), host, request, handler, answer);
    Thread.ofVirtual().name("mcp-http-" + target.host()).start(exchange);
    return answer;
  }

  private boolean sameOrigin(URI uri) {
    int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    return target.scheme().equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))
        && target.host().equalsIgnoreCase(uri.getHost())
        && target.port() == port;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushes) {
    return sendAsync(request, handler); // HTTP/1.1: no pushes
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<T>> answer = sendAsync(request, handler);
    try {
      return answer.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    }
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return Optional.empty();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return Optional.of(connectTimeout);
  }

  @Override
  public Redirect followRedirects() {
    return Redirect.NEVER; // a redirect would leave the checked URL: answered, never followed
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return Optional.empty();
  }

  @Override
  public SSLContext sslContext() {
    return tls;
  }

  @Override
  public SSLParameters sslParameters() {
    return tls.getDefaultSSLParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return Optional.empty();
  }

  @Override
  public Version version() {
    return Version.HTTP_1_1;
  }

  @Override
  public Optional<Executor> executor() {
    return Optional.empty();
  }

  /** Keeps the connect timeout; the node decides redirects, cookies, proxies and TLS itself. */
  private static final class PinnedBuilder implements Builder {
    private final PinnedConnections connections;
    private final EgressTarget target;
    private final SSLContext tls;
    private Duration connectTimeout = Duration.ofSeconds(10);

    PinnedBuilder(PinnedConnections connections, EgressTarget target, SSLContext tls) {
      this.connections = connections;
      this.target = target;
      this.tls = tls;
    }

    @Override
    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    @Override
    public Builder cookieHandler(CookieHandler value) {
      return this;
    }

    @Override
    public Builder sslContext(SSLContext value) {
      return this;
    }

    @Override
    public Builder sslParameters(SSLParameters value) {
      return this;
    }

    @Override
    public Builder executor(Executor value) {
      return this;
    }

    @Override
    public Builder followRedirects(Redirect value) {
      return this;
    }

    @Override
    public Builder version(Version value) {
      return this;
    }

    @Override
    public Builder priority(int value) {
      return this;
    }

    @Override
    public Builder proxy(ProxySelector value) {
      return this;
    }

    @Override
    public Builder authenticator(Authenticator value) {
      return this;
    }

    @Override
    public HttpClient build() {
      return new PinnedHttpClient(connections, target, tls, connectTimeout);
    }
  }
}
