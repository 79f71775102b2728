package io.spear.ai.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSession;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * One request of the MCP SDK, sent by Apache HttpClient to the pinned host, its response body
 * handed to the SDK's body subscriber as the subscriber asks for it (a server-to-client event
 * stream may stay open for the whole session). Cancelling the answer or the body's subscription
 * aborts the request, which ends a blocked read at once. Runs on a virtual thread of its own.
 */
final class PinnedExchange<T> implements Runnable, Flow.Subscription {

  private static final int CHUNK = 8192;

  private final CloseableHttpClient client;
  private final HttpHost host;
  private final HttpRequest request;
  private final HttpResponse.BodyHandler<T> handler;
  private final CompletableFuture<HttpResponse<T>> answer;
  private final HttpUriRequestBase sent;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition demanded = lock.newCondition();
  private long demand;
  private boolean cancelled;

  PinnedExchange(
      CloseableHttpClient client,
      HttpHost host,
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      CompletableFuture<HttpResponse<T>> answer) {
    this.client = client;
    this.host = host;
    this.request = request;
    this.handler = handler;
    this.answer = answer;
    this.sent = new HttpUriRequestBase(request.method(), request.uri());
  }

  @Override
  public void run() {
    // The SDK cancels the answer when its caller gives up: the request is aborted then.
    var _ =
        answer.whenComplete(
            (response, error) -> {
              if (answer.isCancelled()) {
                cancel();
              }
            });
    ClassicHttpResponse response;
    try {
      prepare();
      response = client.executeOpen(host, sent, null);
    } catch (IOException | RuntimeException e) {
      answer.completeExceptionally(e);
      return;
    }
    try (response) {
      deliver(response);
    } catch (IOException e) {
      // closing an aborted or finished response: the subscriber was told already
    }
  }

  private void prepare() throws IOException {
    request.headers().map().forEach((name, values) -> values.forEach(v -> sent.addHeader(name, v)));
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isPresent()) {
      sent.setEntity(new ByteArrayEntity(bytes(publisher.get()), null));
    }
    sent.setConfig(
        RequestConfig.custom()
            .setRedirectsEnabled(false)
            .setProtocolUpgradeEnabled(false)
            .setHardCancellationEnabled(true)
            .build());
  }

  private void deliver(ClassicHttpResponse response) {
    Map<String, List<String>> names = new LinkedHashMap<>();
    for (Header h : response.getHeaders()) {
      names.computeIfAbsent(h.getName(), n -> new ArrayList<>()).add(h.getValue());
    }
    HttpHeaders headers = HttpHeaders.of(names, (n, v) -> true);
    Info info = new Info(response.getCode(), headers);
    HttpResponse.BodySubscriber<T> subscriber;
    try {
      subscriber = handler.apply(info);
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
      return;
    }
    subscriber
        .getBody()
        .whenComplete(
            (body, error) -> {
              if (error != null) {
                answer.completeExceptionally(error);
              } else {
                answer.complete(new Response<>(request, info, body));
              }
            });
    subscriber.onSubscribe(this);
    pump(subscriber, response.getEntity());
  }

  // Reads the body only as fast as the subscriber asks for it.
  private void pump(HttpResponse.BodySubscriber<T> subscriber, HttpEntity entity) {
    try (InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent()) {
      byte[] buffer = new byte[CHUNK];
      while (awaitDemand()) {
        int n = in.read(buffer);
        if (n < 0) {
          subscriber.onComplete();
          return;
        }
        subscriber.onNext(List.of(ByteBuffer.wrap(Arrays.copyOf(buffer, n))));
      }
    } catch (IOException | RuntimeException e) {
      if (!isCancelled()) {
        subscriber.onError(e);
      }
    }
  }

  private boolean awaitDemand() {
    lock.lock();
    try {
      while (demand == 0 && !cancelled) {
        demanded.await();
      }
      if (cancelled) {
        return false;
      }
      demand--;
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  private boolean isCancelled() {
    lock.lock();
    try {
      return cancelled;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void request(long n) {
    lock.lock();
    try {
      if (n > 0) { // a subscriber asking for no items asks for nothing
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
      demanded.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void cancel() {
    lock.lock();
    try {
      cancelled = true;
      demanded.signalAll();
    } finally {
      lock.unlock();
    }
    sent.cancel();
  }

  private static byte[] bytes(HttpRequest.BodyPublisher publisher) throws IOException {
    CompletableFuture<byte[]> body = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<>() {
          private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            out.writeBytes(chunk);
          }

          @Override
          public void onError(Throwable error) {
            body.completeExceptionally(error);
          }

          @Override
          public void onComplete() {
            body.complete(out.toByteArray());
          }
        });
    try {
      return body.get();
    } catch (ExecutionException e) {
      throw new IOException("cannot read the request body", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the request body", e);
    }
  }

  /** What the body handler learns of the response before its body. */
  private record Info(int statusCode, HttpHeaders headers) implements HttpResponse.ResponseInfo {
    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }

  /** The response as the SDK reads it. */
  private record Response<T>(HttpRequest request, Info info, T body) implements HttpResponse<T> {
    @Override
    public int statusCode() {
      return info.statusCode();
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return info.headers();
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return request.uri();
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
