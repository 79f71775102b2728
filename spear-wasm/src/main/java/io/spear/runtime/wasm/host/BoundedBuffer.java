package io.spear.runtime.wasm.host;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * An in-memory stream that keeps at most a fixed number of bytes and records that it dropped the
 * rest. A guest writing past the cap keeps running; writes never fail.
 */
public final class BoundedBuffer extends OutputStream {

  private final int capacity;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private long dropped;

  /** A buffer keeping at most {@code capacity} bytes (capped at the largest Java array). */
  public BoundedBuffer(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative but was " + capacity);
    }
    this.capacity = (int) Math.min(capacity, Integer.MAX_VALUE - 8);
  }

  @Override
  public synchronized void write(int b) {
    if (bytes.size() < capacity) {
      bytes.write(b);
    } else {
      dropped++;
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int keep = Math.min(len, capacity - bytes.size());
    bytes.write(b, off, keep);
    dropped += len - keep;
  }

  /** Appends bytes, dropping what does not fit. */
  public void append(byte[] b) {
    write(b, 0, b.length);
  }

  /** The bytes kept so far. */
  public synchronized byte[] toByteArray() {
    return bytes.toByteArray();
  }

  /** Whether any byte was dropped. */
  public synchronized boolean truncated() {
    return dropped > 0;
  }
}
