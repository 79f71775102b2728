package io.spear.sms.invoke;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client SMS forwards invocations with, replaced when it dies. A JDK client whose selector
 * thread ended (an error inside the JDK) fails every later request at once; kept, it would turn
 * every invocation into a 503 until a restart. A dead client is never used again: the next request
 * gets a new one, and {@link #healthy()} says false from the failure until a request succeeds.
 */
public final class ForwardingClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardingClient.class);

  private static final Duration TERMINATION_WAIT = Duration.ofMillis(50);

  private final Supplier<HttpClient> factory;
  private final AtomicReference<HttpClient> current;
  private final AtomicBoolean failing = new AtomicBoolean();

  ForwardingClient(Supplier<HttpClient> factory) {
    this.factory = factory;
    this.current = new AtomicReference<>(factory.get());
  }

  /** A client of plain HTTP/1.1 keep-alive connections to the nodes, reused across invocations. */
  public static ForwardingClient create() {
    return new ForwardingClient(
        () ->
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build());
  }

  /** Whether the last request did not end the client (false from a dead client to a success). */
  public boolean healthy() {
    return !failing.get();
  }

  /** Sends with a live client; an I/O failure that ended the client replaces it. */
  HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends with a live client, the body read by {@code body}; a dead client is replaced. */
  <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    HttpClient client = live();
    try {
      HttpResponse<T> response = client.send(request, body);
      failing.set(false);
      return response;
    } catch (ConnectException | HttpConnectTimeoutException e) {
      // The client reached for the node: it is alive, and the caller tries the next node at once.
      throw e;
    } catch (IOException e) {
      // A client shutting down finishes within moments; a failure of the node alone leaves it
      // running, and waits this briefly only on an error.
      if (client.isTerminated() || client.awaitTermination(TERMINATION_WAIT)) {
        failing.set(true);
        replace(client, e);
      }
      throw e;
    }
  }

  private HttpClient live() {
    HttpClient client = current.get();
    return client.isTerminated() ? replace(client, null) : client;
  }

  private HttpClient replace(HttpClient dead, IOException cause) {
    HttpClient fresh = factory.get();
    if (current.compareAndSet(dead, fresh)) {
      LOG.error(
          "the invocation forwarding client stopped{}; replaced it with a new one",
          cause == null ? "" : " (" + cause + ")");
      dead.shutdownNow();
      return fresh;
    }
    fresh.shutdownNow(); // another request replaced it first
    return current.get();
  }

  /** Stops the client and its connections; SMS closes it when it stops. */
  @Override
  public void close() {
    current.get().shutdownNow();
  }
}
