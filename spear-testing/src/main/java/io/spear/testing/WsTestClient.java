package io.spear.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A WebSocket client for tests (the JDK's), keeping binary messages and the close code. */
public final class WsTestClient implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Binary messages received, whole. */
  public final LinkedBlockingQueue<byte[]> messages;

  /** Completes with the server's close code. */
  public final CompletableFuture<Integer> closed;

  private final WebSocket socket;

  private WsTestClient(WebSocket socket, Listener listener) {
    this.socket = socket;
    this.messages = listener.messages;
    this.closed = listener.closed;
  }

  /** Connects, failing the test if the handshake does not succeed within 10 seconds. */
  public static WsTestClient connect(String uri, String... subprotocols) {
    Listener listener = new Listener();
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (subprotocols.length > 0) {
      String[] rest = new String[subprotocols.length - 1];
      System.arraycopy(subprotocols, 1, rest, 0, rest.length);
      builder.subprotocols(subprotocols[0], rest);
    }
    try {
      WebSocket socket = builder.buildAsync(URI.create(uri), listener).get(10, TimeUnit.SECONDS);
      return new WsTestClient(socket, listener);
    } catch (ExecutionException e) {
      throw new AssertionError("WebSocket handshake with " + uri + " failed: " + e.getCause(), e);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("WebSocket handshake with " + uri + " failed: " + e, e);
    }
  }

  /** The handshake's failure, for tests of refused upgrades. */
  public static Throwable refusal(String uri) {
    try {
      HTTP.newWebSocketBuilder()
          .buildAsync(URI.create(uri), new Listener())
          .get(10, TimeUnit.SECONDS)
          .abort();
      throw new AssertionError("handshake with " + uri + " succeeded");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  /** The subprotocol the server chose, empty when none. */
  public String subprotocol() {
    return socket.getSubprotocol();
  }

  /** Sends one binary message. */
  public void send(byte[] message) {
    socket.sendBinary(ByteBuffer.wrap(message), true).join();
  }

  /** The next binary message, failing after 10 seconds. */
  public byte[] next() throws InterruptedException {
    byte[] message = messages.poll(10, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message within 10 s");
    }
    return message;
  }

  /** The close code the server sent, failing after {@code seconds}. */
  public int closeCode(long seconds) throws Exception {
    return closed.get(seconds, TimeUnit.SECONDS);
  }

  /** Closes normally. */
  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final LinkedBlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      partial.writeBytes(chunk);
      if (last) {
        messages.add(partial.toByteArray());
        partial.reset();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
