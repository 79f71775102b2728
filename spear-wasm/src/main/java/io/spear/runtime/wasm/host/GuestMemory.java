package io.spear.runtime.wasm.host;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;

/**
 * Bounds-checked access to a guest's exported memory for host calls: any pointer or length outside
 * it fails with EFAULT instead of trapping, as SPEAR's {@code mem_read}/{@code mem_write} do.
 */
public final class GuestMemory {

  private final Memory memory;

  private GuestMemory(Memory memory) {
    this.memory = memory;
  }

  /** The memory of the instance making the host call. */
  public static GuestMemory of(Instance instance) {
    Memory memory = instance.memory();
    if (memory == null) {
      throw new HostCallError(Errno.EFAULT);
    }
    return new GuestMemory(memory);
  }

  /** {@code len} bytes at {@code ptr}. */
  public byte[] read(int ptr, int len) {
    check(ptr, len);
    return memory.readBytes(ptr, len);
  }

  /** The little-endian u32 at {@code ptr}. */
  public long readU32(int ptr) {
    check(ptr, 4);
    return Integer.toUnsignedLong(memory.readInt(ptr));
  }

  /** Writes bytes at {@code ptr}. */
  public void write(int ptr, byte[] bytes) {
    check(ptr, bytes.length);
    memory.write(ptr, bytes);
  }

  /** Writes a little-endian u32 at {@code ptr}. */
  public void writeU32(int ptr, long value) {
    check(ptr, 4);
    memory.writeI32(ptr, (int) value);
  }

  /**
   * SPEAR's output convention: {@code *lenPtr} holds the capacity; when the payload does not fit,
   * the needed size is written there and the result is {@code -ENOSPC}; otherwise the payload and
   * its length are written and the result is the length.
   */
  public int writeWithLength(int ptr, int lenPtr, byte[] payload) {
    long capacity = readU32(lenPtr);
    if (capacity < payload.length) {
      writeU32(lenPtr, payload.length);
      return -Errno.ENOSPC;
    }
    write(ptr, payload);
    writeU32(lenPtr, payload.length);
    return payload.length;
  }

  private void check(int ptr, int len) {
    long size = (long) memory.pages() * Memory.PAGE_SIZE;
    if (ptr < 0 || len < 0 || (long) ptr + len > size) {
      throw new HostCallError(Errno.EFAULT);
    }
  }
}
