package io.spear.runtime.wasm;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A module's memory as every instance starts it: its active data segments placed once (the first
 * bytes, zero after them), and a few arrays of ended runs, reset to that state, for later runs.
 *
 * <p>Why the arrays are kept: a new array of a guest's initial memory (128 KiB for a small C
 * module) is fresh heap, so allocating and filling it costs cache misses and young-generation
 * collections; measured in process, about 7 µs of the hello guest's ~13 µs instantiation. A kept
 * array is reset (zeroed past the image, the image copied over) while it is still in the cache. A
 * run only gets an array back in that state, so isolation holds as with a new one; the memory that
 * held it is emptied when it gives the array back, so that nothing that outlived its run can reach
 * the next run's memory through it.
 */
final class MemoryImage {

  /** Arrays kept per module, at most: enough for the runs one node runs at once. */
  static final int KEPT_ARRAYS = Math.max(2, Runtime.getRuntime().availableProcessors());

  /** The largest array kept: larger ones are rare and would hold much heap while idle. */
  static final int MAX_KEPT_BYTES = 4 << 20;

  private final byte[] image;
  private final int keptLength;
  // Guarded by this.
  private final ArrayDeque<byte[]> kept = new ArrayDeque<>();

  /**
   * @param image the memory's first bytes after the active data segments
   * @param initialBytes the memory's initial size; arrays of that length are kept when small enough
   */
  MemoryImage(byte[] image, int initialBytes) {
    if (image.length > initialBytes) {
      throw new IllegalArgumentException("a memory image larger than the memory");
    }
    this.image = image;
    this.keptLength = initialBytes <= MAX_KEPT_BYTES ? initialBytes : -1;
  }

  /** The number of bytes the image sets. */
  int length() {
    return image.length;
  }

  /**
   * An array of {@code length} bytes holding the image then zeros: a kept one when there is one.
   */
  byte[] take(int length) {
    if (length == keptLength) {
      byte[] reused;
      synchronized (this) {
        reused = kept.poll();
      }
      if (reused != null) {
        return reused;
      }
    }
    // One block: copyOf zeroes only what it does not copy.
    return Arrays.copyOf(image, length);
  }

  /** Takes back an array a run no longer uses, reset for the next run, when one is wanted. */
  void give(byte[] array, int usedBytes) {
    if (array.length != keptLength) {
      return;
    }
    synchronized (this) {
      if (kept.size() >= KEPT_ARRAYS) {
        return;
      }
    }
    // Past usedBytes the array was never reachable, so it is still zero.
    Arrays.fill(array, image.length, Math.min(usedBytes, array.length), (byte) 0);
    System.arraycopy(image, 0, array, 0, image.length);
    synchronized (this) {
      if (kept.size() < KEPT_ARRAYS) {
        kept.push(array);
      }
    }
  }

  /** Arrays kept now; for tests. */
  synchronized int keptArrays() {
    return kept.size();
  }
}
