package io.spear.streams;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client that keeps what it is sent, for tests. */
public final class CollectingSink implements FrameSink {

  /** Frames sent to the client. */
  public final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();

  /** Completes with the close code. */
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();

  @Override
  public void send(byte[] frame) {
    frames.add(frame);
  }

  @Override
  public void close(int code, String reason) {
    closed.complete(code);
  }

  /** The next frame, failing after 10 seconds. */
  public byte[] next() throws InterruptedException {
    byte[] frame = frames.poll(10, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within 10 s");
    }
    return frame;
  }
}
