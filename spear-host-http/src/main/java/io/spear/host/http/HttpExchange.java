package io.spear.host.http;

import io.spear.egress.EgressTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One request and its response over Apache HttpClient, to the address the egress policy checked:
 * the route carries that address, so the client never resolves the name (its resolver refuses every
 * lookup), while the {@code Host} header, TLS server name and certificate check use the name. The
 * exchange runs on a virtual thread so that the caller's wait ends at the time limit or when its
 * execution is stopped, aborting the request.
 */
final class HttpExchange implements AutoCloseable {

  private final HttpCallLimits limits;
  private final PoolingHttpClientConnectionManager pool;
  private final CloseableHttpClient client;
  private final Semaphore inFlight;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

  HttpExchange(HttpCallLimits limits, SSLContext tls) {
    this.limits = limits;
    this.inFlight = new Semaphore(limits.maxConcurrentCalls(), true);
    this.pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
            .setDnsResolver(
                new org.apache.hc.client5.http.DnsResolver() {
                  @Override
                  public java.net.InetAddress[] resolve(String host) throws UnknownHostException {
                    throw new UnknownHostException("http_call connects only to checked addresses");
                  }

                  @Override
                  public String resolveCanonicalHostname(String host) throws UnknownHostException {
                    throw new UnknownHostException("http_call connects only to checked addresses");
                  }
                })
            .setMaxConnTotal(limits.maxConcurrentCalls())
            .setMaxConnPerRoute(limits.maxConcurrentCalls())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(limits.maxTimeout()))
                    .setSocketTimeout(Timeout.of(limits.maxTimeout()))
                    .setTimeToLive(TimeValue.ofMinutes(5))
                    .build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(pool)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableContentCompression()
            .disableAuthCaching()
            .setUserAgent("spear-http_call")
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .build();
  }

  /**
   * Sends one request and reads its response.
   *
   * @throws HttpCallFailure ETIMEDOUT past {@code limit}, EIO for a connection or TLS failure,
   *     EFBIG for a response body over the limit
   * @throws HttpCallInterrupted when the calling thread is interrupted
   */
  HttpCallResponse send(
      String method,
      EgressTarget target,
      List<HttpCallRequest.Header> headers,
      byte[] body,
      Instant limit,
      InstantSource clock) {
    HttpHost host =
        new HttpHost(target.scheme(), target.address(), bare(target.host()), target.port());
    HttpUriRequestBase request = new HttpUriRequestBase(method, uri(target));
    headers.forEach(h -> request.addHeader(h.name(), h.value()));
    if (body.length > 0) {
      request.setEntity(new ByteArrayEntity(body, null));
    }
    long remaining = Duration.between(clock.instant(), limit).toNanos();
    if (remaining <= 0) {
      throw timedOut();
    }
    request.setConfig(
        RequestConfig.custom()
            .setRedirectsEnabled(false)
            .setProtocolUpgradeEnabled(false)
            .setHardCancellationEnabled(true)
            .setResponseTimeout(Timeout.of(remaining, TimeUnit.NANOSECONDS))
            .build());
    long waitStart = System.nanoTime();
    try {
      if (!inFlight.tryAcquire(remaining, TimeUnit.NANOSECONDS)) {
        throw timedOut();
      }
    } catch (InterruptedException e) {
      throw new HttpCallInterrupted(e);
    }
    Future<HttpCallResponse> answer;
    try {
      answer = workers.submit(() -> exchange(host, request));
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
    return await(answer, request, remaining - (System.nanoTime() - waitStart));
  }

  private HttpCallResponse await(
      Future<HttpCallResponse> answer, HttpUriRequestBase request, long nanos) {
    try {
      return answer.get(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // The worker still runs to its end (an aborted request ends at once) and frees its permit.
      request.cancel();
      throw timedOut();
    } catch (InterruptedException e) {
      request.cancel();
      throw new HttpCallInterrupted(e);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  private HttpCallResponse exchange(HttpHost host, HttpUriRequestBase request) throws IOException {
    try (ClassicHttpResponse response = client.executeOpen(host, request, null)) {
      Map<String, String> headers = new LinkedHashMap<>();
      for (Header h : response.getHeaders()) {
        headers.merge(h.getName().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b);
      }
      return new HttpCallResponse(response.getCode(), headers, body(response.getEntity()));
    } finally {
      inFlight.release();
    }
  }

  private byte[] body(HttpEntity entity) throws IOException {
    if (entity == null) {
      return new byte[0];
    }
    long max = limits.maxResponseBodyBytes();
    if (entity.getContentLength() > max) {
      throw tooLarge();
    }
    try (InputStream in = entity.getContent()) {
      byte[] bytes = in.readNBytes((int) max + 1);
      if (bytes.length > max) {
        throw tooLarge();
      }
      return bytes;
    }
  }

  private HttpCallFailure tooLarge() {
    return new HttpCallFailure(
        HttpCallErrno.EFBIG,
        "the response body is over the node's limit of "
            + limits.maxResponseBodyBytes()
            + " bytes");
  }

  private static RuntimeException failure(Throwable cause) {
    if (cause instanceof HttpCallFailure f) {
      return f;
    }
    if (cause instanceof InterruptedIOException) {
      // A socket timeout: the response timeout is the call's remaining time.
      return timedOut();
    }
    if (cause instanceof SSLException) {
      return new HttpCallFailure(HttpCallErrno.EIO, "TLS failed: " + message(cause));
    }
    return new HttpCallFailure(HttpCallErrno.EIO, "connection failed: " + message(cause));
  }

  private static String message(Throwable cause) {
    String text = cause.getMessage();
    String shown = text == null ? cause.getClass().getSimpleName() : text;
    return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
  }

  private static HttpCallFailure timedOut() {
    return new HttpCallFailure(
        HttpCallErrno.ETIMEDOUT, "no answer within the call's time (its timeout or the deadline)");
  }

  // The request names the checked host in canonical form (so the Host header does too), never the
  // spelling the guest wrote.
  private static URI uri(EgressTarget target) {
    boolean defaultPort =
        (target.scheme().equals("http") && target.port() == 80)
            || (target.scheme().equals("https") && target.port() == 443);
    String path = target.url().getRawPath();
    String query = target.url().getRawQuery();
    return URI.create(
        target.scheme()
            + "://"
            + target.host()
            + (defaultPort ? "" : ":" + target.port())
            + (path == null || path.isEmpty() ? "/" : path)
            + (query == null ? "" : "?" + query));
  }

  private static String bare(String host) {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  @Override
  public void close() {
    workers.shutdownNow();
    try {
      client.close();
    } catch (IOException e) {
      // closing: nothing left to tell anyone
    }
    pool.close();
  }
}
