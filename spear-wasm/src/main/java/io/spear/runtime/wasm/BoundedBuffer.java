package io.spear.runtime.wasm;

import io.spear.runtime.LogListener;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An in-memory stream that keeps at most a fixed number of bytes and records that it dropped the
 * rest. A guest writing past the cap keeps running; writes never fail.
 */
public final class BoundedBuffer extends OutputStream {

  /** A line longer than this goes to the listener in pieces. */
  static final int MAX_LINE_BYTES = 16 * 1024;

  private final int capacity;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final LogListener lines;
  // The line being written, not yet handed to the listener.
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long dropped;

  /** A buffer keeping at most {@code capacity} bytes (capped at the largest Java array). */
  public BoundedBuffer(long capacity) {
    this(capacity, LogListener.NONE);
  }

  /**
   * A buffer that also hands each complete line of the bytes it keeps to {@code lines}, as they are
   * written; {@link #finish()} hands over the last, unterminated one.
   */
  public BoundedBuffer(long capacity, LogListener lines) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative but was " + capacity);
    }
    this.capacity = (int) Math.min(capacity, Integer.MAX_VALUE - 8);
    this.lines = lines;
  }

  @Override
  public synchronized void write(int b) {
    if (bytes.size() < capacity) {
      bytes.write(b);
      if (lines != LogListener.NONE) {
        scan(new byte[] {(byte) b}, 0, 1);
      }
    } else {
      dropped++;
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int keep = Math.min(len, capacity - bytes.size());
    bytes.write(b, off, keep);
    dropped += len - keep;
    if (keep > 0 && lines != LogListener.NONE) {
      scan(b, off, keep);
    }
  }

  /** Hands the last line to the listener even without its line end; call when the guest ended. */
  public synchronized void finish() {
    if (line.size() > 0) {
      emit();
    }
  }

  private void scan(byte[] b, int off, int len) {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        line.write(b, start, i - start);
        emit();
        start = i + 1;
      } else if (line.size() + (i - start) >= MAX_LINE_BYTES) {
        line.write(b, start, i - start);
        emit();
        start = i;
      }
    }
    line.write(b, start, off + len - start);
  }

  private void emit() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      lines.line(text);
    } catch (RuntimeException e) {
      // A listener's failure must not stop the guest; the line stays in the buffer.
    }
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
