package io.spear.spearlet.stream;

import io.spear.streams.FrameSink;
import io.spear.streams.StreamConnection;
import io.spear.streams.UserStreamBroker;
import io.spear.streams.UserStreamHub;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client WebSocket on the Spearlet: frames that arrive before the guest started (an async
 * execution still queued) are held, up to a bound, and delivered once the execution's hub exists.
 */
final class StreamSocket implements FrameSink {

  /** Frames held while the execution has not started. */
  static final int MAX_HELD_FRAMES = 64;

  private final Session session;
  private final ArrayDeque<byte[]> held = new ArrayDeque<>();
  private CompletableFuture<UserStreamHub> waiting;
  private StreamConnection connection;
  private boolean closed;

  StreamSocket(Session session) {
    this.session = session;
  }

  /** Waits (up to {@code hold}) for the execution's hub and attaches to it. */
  void attach(UserStreamBroker broker, String executionId, Duration hold) {
    CompletableFuture<UserStreamHub> future =
        broker.await(executionId).orTimeout(hold.toMillis(), TimeUnit.MILLISECONDS);
    synchronized (this) {
      waiting = future;
    }
    var _ =
        future.whenComplete(
            (hub, failure) -> {
              if (failure != null) {
                close(FrameSink.TRY_AGAIN, "execution has no user streams running");
                return;
              }
              Optional<StreamConnection> attached = hub.connect(this);
              if (attached.isEmpty()) {
                close(FrameSink.TRY_AGAIN, "stream limit reached or execution ended");
                return;
              }
              deliver(attached.get());
            });
  }

  private void deliver(StreamConnection attached) {
    while (true) {
      byte[] next;
      synchronized (this) {
        if (closed) {
          attached.close();
          return;
        }
        next = held.pollFirst();
        if (next == null) {
          connection = attached;
          return;
        }
      }
      if (!handle(attached, next)) {
        return;
      }
    }
  }

  /** A binary message from the client. */
  void received(byte[] frame) {
    StreamConnection current;
    synchronized (this) {
      if (closed) {
        return;
      }
      current = connection;
      if (current == null) {
        if (held.size() >= MAX_HELD_FRAMES) {
          close(FrameSink.TRY_AGAIN, "execution not started; too many frames held");
          return;
        }
        held.addLast(frame);
        return;
      }
    }
    handle(current, frame);
  }

  private boolean handle(StreamConnection current, byte[] frame) {
    return switch (current.receive(frame)) {
      case QUEUED, LIMITED, CLOSED -> true;
      case INVALID -> {
        close(FrameSink.POLICY, "invalid SSF frame");
        yield false;
      }
      case OVERFLOW -> {
        close(FrameSink.TOO_BIG, "frame too large or stream queue full");
        yield false;
      }
    };
  }

  /** The client closed, or the socket failed. */
  void closedByClient() {
    StreamConnection current;
    CompletableFuture<UserStreamHub> pending;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      current = connection;
      pending = waiting;
      held.clear();
    }
    if (current != null) {
      current.close();
    } else if (pending != null) {
      pending.cancel(false);
    }
  }

  @Override
  public void send(byte[] frame) throws IOException {
    session.getRemote().sendBytes(ByteBuffer.wrap(frame));
  }

  @Override
  public void close(int code, String reason) {
    if (session.isOpen()) {
      session.close(code, reason);
    }
    closedByClient();
  }
}
