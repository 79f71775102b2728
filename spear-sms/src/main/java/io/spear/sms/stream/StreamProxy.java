package io.spear.sms.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket bridged to the node running its execution: one upstream WebSocket per client
 * (the node maps each client's stream ids to the guest's), frames passed through unchanged, and
 * closes passed on in both directions with their codes.
 */
final class StreamProxy implements WebSocket.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(StreamProxy.class);

  /** Bytes from the client not yet accepted by the node before the proxy closes with 1013. */
  static final long MAX_PENDING_BYTES = 4L * 1024 * 1024;

  private final Session client;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  // Guarded by this.
  private WebSocket upstream;
  private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
  private CompletableFuture<WebSocket> connecting =
      CompletableFuture.failedFuture(new IOException("not connected"));
  private long pendingBytes;
  private boolean closed;

  StreamProxy(Session client) {
    this.client = client;
  }

  /** Connects to the node; the client's frames wait (bounded) until it answers. */
  void connect(HttpClient http, NodeSockets.NodeSocket target, Duration timeout) {
    URI node = target.uri();
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout);
    target.forwarding().value().ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    CompletableFuture<WebSocket> future = builder.buildAsync(node, this);
    synchronized (this) {
      connecting = future;
    }
    var _ =
        future.whenComplete(
            (socket, failure) -> {
              if (failure != null) {
                LOG.info("stream proxy to {} failed: {}", node, failure.toString());
                closeClient(1011, "UPSTREAM_WS_FAILED");
                return;
              }
              boolean abort;
              synchronized (this) {
                upstream = socket;
                abort = closed;
              }
              if (abort) {
                var _ = socket.sendClose(WebSocket.NORMAL_CLOSURE, "client closed");
              }
            });
  }

  /** A binary message from the client, passed on in order. */
  synchronized void fromClient(byte[] frame) {
    if (closed) {
      return;
    }
    if (pendingBytes + frame.length > MAX_PENDING_BYTES) {
      closeClient(1013, "node is not keeping up");
      return;
    }
    pendingBytes += frame.length;
    CompletableFuture<WebSocket> target = connecting;
    sends =
        sends
            .thenCompose(v -> target)
            .thenCompose(ws -> ws.sendBinary(ByteBuffer.wrap(frame), true))
            .whenComplete((ws, failure) -> sent(frame.length, failure));
  }

  private synchronized void sent(int bytes, Throwable failure) {
    pendingBytes -= bytes;
    if (failure != null && !closed) {
      LOG.debug("stream proxy send failed: {}", failure.toString());
    }
  }

  /** The client closed (or failed): the node is told, so the guest sees its streams hang up. */
  void clientClosed() {
    WebSocket socket;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      socket = upstream;
    }
    if (socket != null && !socket.isOutputClosed()) {
      var _ =
          sends.whenComplete(
              (v, e) -> {
                var _ = socket.sendClose(WebSocket.NORMAL_CLOSURE, "client closed");
              });
    }
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] chunk = new byte[data.remaining()];
    data.get(chunk);
    partial.writeBytes(chunk);
    if (last) {
      byte[] frame = partial.toByteArray();
      partial.reset();
      try {
        // Blocking: a slow client holds back the node's socket, and the guest sees EAGAIN.
        client.getRemote().sendBytes(ByteBuffer.wrap(frame));
      } catch (IOException e) {
        clientClosed();
        webSocket.abort();
        return null;
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeClient(statusCode, reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    LOG.debug("stream proxy upstream failed: {}", error.toString());
    closeClient(1011, "UPSTREAM_WS_FAILED");
  }

  private void closeClient(int code, String reason) {
    synchronized (this) {
      closed = true;
    }
    if (client.isOpen()) {
      client.close(code, reason);
    }
  }
}
