package io.spear.streams;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client attached to a {@link UserStreamHub}: frames in are rewritten to guest stream ids and
 * queued for the guest; a writer thread sends the guest's frames back with the client's ids, one at
 * a time, so a slow client fills the stream's outbound queue and the guest sees EAGAIN.
 */
public final class StreamConnection {

  private static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);

  /** What became of a client frame. */
  public enum Received {
    /** Queued for the guest. */
    QUEUED,
    /** Not an SSF v1 frame: the connection should close with 1008. */
    INVALID,
    /** Over the frame limit or the stream's inbound queue is full: close with 1009. */
    OVERFLOW,
    /** The node's stream cap is reached: the frame is dropped. */
    LIMITED,
    /** The stream or the connection is closed: the frame is dropped. */
    CLOSED
  }

  private final UserStreamHub hub;
  private final FrameSink sink;
  private final StreamMetrics metrics;

  // Guarded by this.
  private final Map<Integer, Integer> clientToGuest = new HashMap<>();
  private final Map<Integer, Integer> guestToClient = new HashMap<>();
  private final List<Runnable> unlisten = new ArrayList<>();
  private boolean dirty;
  private boolean finishing;
  private boolean stopped;

  StreamConnection(UserStreamHub hub, FrameSink sink, StreamMetrics metrics) {
    this.hub = hub;
    this.sink = sink;
    this.metrics = metrics;
  }

  void start() {
    Thread.ofVirtual().name("user-stream-writer-" + hub.executionId()).start(this::writeLoop);
  }

  /** A frame from the client. */
  public Received receive(byte[] frame) {
    Optional<SsfFrame.Header> header = SsfFrame.parse(frame);
    if (header.isEmpty()) {
      metrics.dropped();
      return Received.INVALID;
    }
    int clientId = header.get().streamId();
    int guestId;
    boolean fresh = false;
    synchronized (this) {
      if (stopped || finishing) {
        metrics.dropped();
        return Received.CLOSED;
      }
      Integer known = clientToGuest.get(clientId);
      if (known == null) {
        guestId = hub.allocateStream();
        if (guestId < 0) {
          metrics.dropped();
          return Received.LIMITED;
        }
        clientToGuest.put(clientId, guestId);
        guestToClient.put(guestId, clientId);
        unlisten.add(hub.channel(guestId).listen(this::wake));
        fresh = true;
      } else {
        guestId = known;
      }
    }
    byte[] rewritten = clientId == guestId ? frame : SsfFrame.withStreamId(frame, guestId);
    StreamChannel.Offer offer = hub.channel(guestId).offerInbound(rewritten);
    if (fresh || offer == StreamChannel.Offer.QUEUED) {
      hub.streamConnected(guestId);
    }
    return switch (offer) {
      case QUEUED -> Received.QUEUED;
      case TOO_LARGE, FULL -> Received.OVERFLOW;
      case NOT_CONNECTED, CLOSED -> Received.CLOSED;
    };
  }

  /** The client went away: its streams hang up for the guest. */
  public void close() {
    List<Integer> streams;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      notifyAll();
      streams = new ArrayList<>(guestToClient.keySet());
      unlisten.forEach(Runnable::run);
    }
    hub.connectionClosed(this, streams);
  }

  /** The execution ended: send what is queued, then close normally. */
  void finish() {
    synchronized (this) {
      finishing = true;
      notifyAll();
    }
  }

  private synchronized void wake() {
    dirty = true;
    notifyAll();
  }

  private void writeLoop() {
    try {
      while (true) {
        boolean end;
        synchronized (this) {
          while (!dirty && !finishing && !stopped) {
            wait();
          }
          dirty = false;
          end = finishing || stopped;
        }
        drain();
        if (end) {
          break;
        }
      }
      boolean normal;
      synchronized (this) {
        normal = !stopped;
      }
      if (normal) {
        sink.close(FrameSink.NORMAL, "execution ended");
      }
    } catch (IOException e) {
      LOG.debug("user stream client of {} failed: {}", hub.executionId(), e.toString());
      sink.close(FrameSink.TRY_AGAIN, "send failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
  }

  private void drain() throws IOException {
    boolean sent = true;
    while (sent) {
      sent = false;
      Map<Integer, Integer> ids;
      synchronized (this) {
        if (stopped) {
          return;
        }
        ids = Map.copyOf(guestToClient);
      }
      for (Map.Entry<Integer, Integer> e : ids.entrySet()) {
        byte[] frame = hub.channel(e.getKey()).pollOutbound();
        if (frame != null) {
          int clientId = e.getValue();
          sink.send(clientId == e.getKey() ? frame : SsfFrame.withStreamId(frame, clientId));
          sent = true;
        }
      }
    }
  }
}
