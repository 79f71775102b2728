package io.spear.streams;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of a node's user-stream data plane, read by the node's metrics registry. */
public final class StreamMetrics {

  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicLong framesIn = new AtomicLong();
  private final AtomicLong framesOut = new AtomicLong();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final AtomicLong droppedFrames = new AtomicLong();
  private final AtomicLong rejectedConnections = new AtomicLong();

  void frameIn(int bytes) {
    framesIn.incrementAndGet();
    bytesIn.addAndGet(bytes);
  }

  void frameOut(int bytes) {
    framesOut.incrementAndGet();
    bytesOut.addAndGet(bytes);
  }

  void dropped() {
    droppedFrames.incrementAndGet();
  }

  void rejected() {
    rejectedConnections.incrementAndGet();
  }

  AtomicInteger connections() {
    return openConnections;
  }

  AtomicInteger streams() {
    return openStreams;
  }

  /** WebSocket connections attached now. */
  public int openConnections() {
    return openConnections.get();
  }

  /** Streams that clients opened and that are not closed yet. */
  public int openStreams() {
    return openStreams.get();
  }

  /** Frames clients sent to guests. */
  public long framesIn() {
    return framesIn.get();
  }

  /** Frames guests sent to clients. */
  public long framesOut() {
    return framesOut.get();
  }

  /** Bytes clients sent to guests. */
  public long bytesIn() {
    return bytesIn.get();
  }

  /** Bytes guests sent to clients. */
  public long bytesOut() {
    return bytesOut.get();
  }

  /** Client frames refused: too large, a full queue, a closed stream, a stream cap. */
  public long droppedFrames() {
    return droppedFrames.get();
  }

  /** Connections refused by the node's connection cap, and stream executions by theirs. */
  public long rejectedConnections() {
    return rejectedConnections.get();
  }
}
