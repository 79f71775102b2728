package io.spear.streams;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One user stream as the guest sees it: its connection state and two bounded frame queues. Every
 * change is announced to the listeners (the guest's descriptors recompute their readiness, the
 * owning connection drains outbound frames), outside this channel's lock.
 */
public final class StreamChannel {

  /** Where a stream is in its life. */
  public enum State {
    /** Opened by the guest, no client frame yet: writes fail with ENOTCONN. */
    INIT,
    /** A client sent a frame. */
    CONNECTED,
    /** The client or the execution went away. */
    CLOSED,
    /** A queue overflowed or a frame was too large. */
    ERROR
  }

  /** The result of offering a frame to a queue. */
  public enum Offer {
    /** Queued. */
    QUEUED,
    /** The frame is larger than the per-frame limit. */
    TOO_LARGE,
    /** The queue is full. */
    FULL,
    /** The stream is not connected yet. */
    NOT_CONNECTED,
    /** The stream is closed or failed. */
    CLOSED
  }

  private final int streamId;
  private final StreamLimits limits;
  private final StreamMetrics metrics;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
  private final ArrayDeque<byte[]> outbound = new ArrayDeque<>();
  private long inboundBytes;
  private long outboundBytes;
  private State state = State.INIT;
  private String lastError = "";

  StreamChannel(int streamId, StreamLimits limits, StreamMetrics metrics) {
    this.streamId = streamId;
    this.limits = limits;
    this.metrics = metrics;
  }

  /** The stream id the guest sees. */
  public int streamId() {
    return streamId;
  }

  /** The state now. */
  public synchronized State state() {
    return state;
  }

  /**
   * Calls {@code listener} after every change.
   *
   * @return removes it
   */
  public Runnable listen(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Whether the guest has a frame to read. */
  public synchronized boolean readable() {
    return !inbound.isEmpty();
  }

  /** Whether the guest may write now: connected with room in the outbound queue. */
  public synchronized boolean writable() {
    return state == State.CONNECTED && outboundBytes < limits.maxOutboundBytes();
  }

  /** The next inbound frame without taking it, so a read into a small buffer loses nothing. */
  public synchronized byte[] peekInbound() {
    return inbound.peekFirst();
  }

  /** Takes the next inbound frame if it is {@code frame} (as returned by peek). */
  public void consumeInbound(byte[] frame) {
    synchronized (this) {
      if (inbound.peekFirst() != frame) {
        return;
      }
      inbound.pollFirst();
      inboundBytes -= frame.length;
    }
    changed();
  }

  /** A client frame, already carrying this stream's id; marks the stream connected. */
  Offer offerInbound(byte[] frame) {
    Offer result;
    synchronized (this) {
      if (state == State.CLOSED || state == State.ERROR) {
        result = Offer.CLOSED;
      } else if (frame.length > limits.maxFrameBytes()) {
        fail("frame_too_large");
        result = Offer.TOO_LARGE;
      } else if (inboundBytes + frame.length > limits.maxInboundBytes()) {
        fail("inbound_queue_full");
        result = Offer.FULL;
      } else {
        state = State.CONNECTED;
        inbound.addLast(frame);
        inboundBytes += frame.length;
        result = Offer.QUEUED;
      }
    }
    if (result == Offer.QUEUED) {
      metrics.frameIn(frame.length);
    } else {
      metrics.dropped();
    }
    changed();
    return result;
  }

  /** A guest frame for the client; {@code FULL} is backpressure, the guest retries later. */
  public Offer offerOutbound(byte[] frame) {
    synchronized (this) {
      switch (state) {
        case INIT -> {
          return Offer.NOT_CONNECTED;
        }
        case CLOSED, ERROR -> {
          return Offer.CLOSED;
        }
        case CONNECTED -> {}
      }
      if (frame.length > limits.maxFrameBytes()) {
        return Offer.TOO_LARGE;
      }
      if (outboundBytes + frame.length > limits.maxOutboundBytes()) {
        return Offer.FULL;
      }
      outbound.addLast(frame);
      outboundBytes += frame.length;
    }
    changed();
    return Offer.QUEUED;
  }

  /** The next frame for the client, or null. */
  byte[] pollOutbound() {
    byte[] frame;
    synchronized (this) {
      frame = outbound.pollFirst();
      if (frame == null) {
        return null;
      }
      outboundBytes -= frame.length;
    }
    metrics.frameOut(frame.length);
    changed();
    return frame;
  }

  /** The client went away (or the execution ended): the guest sees HUP. */
  void close() {
    synchronized (this) {
      if (state == State.CLOSED || state == State.ERROR) {
        return;
      }
      state = State.CLOSED;
    }
    changed();
  }

  private void fail(String error) {
    state = State.ERROR;
    lastError = error;
  }

  /** Queue sizes and state, for {@code spear_fd_ctl GET_METRICS}. */
  public synchronized String metricsJson(String direction) {
    return "{\"conn_state\":\"%s\",\"direction\":\"%s\",\"inbound_bytes\":%d,\"inbound_len\":%d,"
            .formatted(state, direction, inboundBytes, inbound.size())
        + "\"last_error\":\"%s\",\"max_frame_bytes\":%d,\"max_inbound_bytes\":%d,"
            .formatted(lastError, limits.maxFrameBytes(), limits.maxInboundBytes())
        + "\"max_outbound_bytes\":%d,\"outbound_bytes\":%d,\"outbound_len\":%d,\"stream_id\":%d}"
            .formatted(
                limits.maxOutboundBytes(),
                outboundBytes,
                outbound.size(),
                Integer.toUnsignedLong(streamId));
  }

  private void changed() {
    for (Runnable listener : listeners) {
      listener.run();
    }
  }
}
