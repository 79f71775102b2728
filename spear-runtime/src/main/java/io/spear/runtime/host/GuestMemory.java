package io.spear.runtime.host;

/**
 * Bounds-checked access to a guest's exported memory for host calls: any pointer or length outside
 * it, or a guest without memory, fails with {@link HostCallError} EFAULT instead of trapping, as
 * SPEAR's {@code mem_read}/{@code mem_write} do.
 */
public interface GuestMemory {

  /** {@code len} bytes at {@code ptr}. */
  byte[] read(int ptr, int len);

  /** The little-endian u32 at {@code ptr}. */
  long readU32(int ptr);

  /** Writes bytes at {@code ptr}. */
  void write(int ptr, byte[] bytes);

  /** Writes a little-endian u32 at {@code ptr}. */
  void writeU32(int ptr, long value);

  /**
   * SPEAR's output convention: {@code *lenPtr} holds the capacity; when the payload does not fit,
   * the needed size is written there and the result is {@code -ENOSPC}; otherwise the payload and
   * its length are written and the result is the length.
   */
  default int writeWithLength(int ptr, int lenPtr, byte[] payload) {
    long capacity = readU32(lenPtr);
    if (capacity < payload.length) {
      writeU32(lenPtr, payload.length);
      return -Errno.ENOSPC;
    }
    write(ptr, payload);
    writeU32(lenPtr, payload.length);
    return payload.length;
  }

  /** The {@code *lenPtr} bytes at {@code ptr}: SPEAR's input convention of the ctl calls. */
  default byte[] readWithLength(int ptr, int lenPtr) {
    long len = readU32(lenPtr);
    if (len > Integer.MAX_VALUE) {
      throw new HostCallError(Errno.EFAULT);
    }
    return read(ptr, (int) len);
  }
}
