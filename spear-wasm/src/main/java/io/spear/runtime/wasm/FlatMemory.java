package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A non-shared linear memory in one flat {@code byte[]}.
 *
 * <p>Chicory's {@code ByteArrayMemory} keeps memory in 64 KiB pages so that shared memories can
 * grow without moving; every access then splits the address, loads the page and checks page
 * crossing. Our guests' memories are never shared, so one array serves: an access is one bounds
 * check against the memory's size and one array access. Measured on the compute kernels (see
 * BENCHMARKS.md). The array grows geometrically so that a guest growing its memory a page at a time
 * does not copy it each time; the bytes past the memory's size are zero and unreachable, since
 * every access is checked against the size, not the array.
 */
final class FlatMemory implements Memory {

  private static final VarHandle SHORTS =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOATS =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLES =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  private final MemoryLimits limits;
  private final int maximumPages;
  private final GuestMemoryBudget.Charge charge;
  private final MemoryImage image;
  private byte[] bytes;
  private int size;
  private int pages;
  private DataSegment[] dataSegments;
  // True until the first initialize, grow or bulk write: the array is then known to be all zero.
  // Scalar writes do not clear it: only guest code writes scalars, and it runs after initialize.
  // Chicory zeroes every memory right before initializing it; a new array needs no zeroing.
  private boolean pristine = true;
  // True from construction with a prepared image until initialize (or any change before it): the
  // array then already holds what zeroing and the active data segments would give.
  private boolean imaged;

  FlatMemory(MemoryLimits limits) {
    this(limits, new GuestMemoryBudget(Long.MAX_VALUE).charge());
  }

  /**
   * A memory whose array is charged to a node's guest memory budget.
   *
   * @throws io.spear.model.error.ResourceExhaustedException when its initial size does not fit
   */
  FlatMemory(MemoryLimits limits, GuestMemoryBudget.Charge charge) {
    this(limits, charge, null);
  }

  /**
   * A memory whose contents start as {@code image} (the module's active data segments, placed once
   * for all its instances by {@link PreparedModule}), in an array the image hands out; initializing
   * it then leaves the active segments alone, and {@link #release()} hands the array back.
   *
   * @param image the module's memory image; null for none
   * @throws io.spear.model.error.ResourceExhaustedException when its initial size does not fit
   */
  FlatMemory(MemoryLimits limits, GuestMemoryBudget.Charge charge, MemoryImage image) {
    if (limits.shared()) {
      throw new IllegalArgumentException("a flat memory cannot be shared");
    }
    this.limits = limits;
    this.charge = charge;
    this.image = image;
    this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
    this.pages = limits.initialPages();
    this.size = pages * PAGE_SIZE;
    if (image != null && image.length() > size) {
      throw new IllegalArgumentException("a memory image larger than the memory");
    }
    this.bytes = allocate(size, size, image);
    this.imaged = image != null;
    this.pristine = image == null;
  }

  /**
   * Ends this memory: its array goes back to the image for a later run (reset there), and any
   * access from now on is out of bounds. Called once the run that owned it has ended.
   */
  void release() {
    byte[] array = bytes;
    int used = size;
    bytes = new byte[0];
    size = 0;
    pages = 0;
    imaged = false;
    if (image != null) {
      image.give(array, used);
    }
  }

  @Override
  public int pages() {
    return pages;
  }

  @Override
  public int grow(int delta) {
    pristine = false;
    imaged = false;
    int before = pages;
    long after = (long) before + delta;
    if (delta < 0 || after > maximumPages) {
      return -1;
    }
    long newSize = after * PAGE_SIZE;
    if (newSize > bytes.length) {
      // At least double, so that page-by-page growth copies O(final size) bytes in all.
      long capacity =
          Math.max(newSize, Math.min(2L * bytes.length, (long) maximumPages * PAGE_SIZE));
      bytes = grown(bytes, (int) newSize, (int) Math.min(capacity, Integer.MAX_VALUE - 8));
    }
    pages = (int) after;
    size = (int) newSize;
    return before;
  }

  /**
   * A new array of {@code wanted} bytes, or only {@code needed} when the budget cannot spare more,
   * with the old contents copied. The old array is charged until it is dropped, which covers the
   * moment both exist.
   */
  private byte[] grown(byte[] old, int needed, int wanted) {
    byte[] fresh = allocate(needed, wanted, null);
    System.arraycopy(old, 0, fresh, 0, size);
    charge.release(old.length);
    return fresh;
  }

  /**
   * An array of {@code wanted} bytes, or of {@code needed} when the node's guest memory budget
   * cannot spare {@code wanted}, holding {@code image} (when not null) and zero after it; charged
   * to the budget.
   *
   * @throws io.spear.model.error.ResourceExhaustedException when not even {@code needed} fits, in
   *     the budget or in the heap
   */
  private byte[] allocate(int needed, int wanted, MemoryImage image) {
    int length = wanted;
    if (!charge.tryReserve(length)) {
      length = needed;
      charge.reserve(length);
    }
    try {
      return image == null ? new byte[length] : image.take(length);
    } catch (OutOfMemoryError e) {
      // A failed allocation of one large array leaves the heap as it was: refuse this guest
      // rather than let the error reach threads that cannot handle it.
      charge.release(length);
      throw charge.exhausted(length);
    }
  }

  @Override
  public int initialPages() {
    return limits.initialPages();
  }

  @Override
  public int maximumPages() {
    return maximumPages;
  }

  @Override
  public boolean shared() {
    return false;
  }

  @Override
  @SuppressWarnings("removal")
  public Object lock(int address) {
    throw new UnsupportedOperationException("a flat memory is not shared");
  }

  @Override
  @SuppressWarnings("removal")
  public int waitOn(int address, int expected, long timeout) {
    throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
  }

  @Override
  @SuppressWarnings("removal")
  public int waitOn(int address, long expected, long timeout) {
    throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
  }

  @Override
  @SuppressWarnings("removal")
  public int notify(int address, int maxThreads) {
    return 0;
  }

  @Override
  public void initialize(Instance instance, DataSegment[] segments) {
    initialize(instance, segments, 0);
  }

  @Override
  public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
    pristine = false;
    boolean placed = imaged;
    imaged = false;
    this.dataSegments = segments;
    if (segments == null) {
      return;
    }
    for (DataSegment segment : segments) {
      if (segment instanceof ActiveDataSegment active) {
        if (placed) {
          continue; // the image holds it, checked against the initial memory when it was made
        }
        if (active.index() != memoryIndex) {
          continue;
        }
        byte[] data = active.data();
        int offset =
            (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
        if (outside(offset, data.length)) {
          throw new UninstantiableException(message(offset, data.length));
        }
        System.arraycopy(data, 0, bytes, offset, data.length);
      } else if (!(segment instanceof PassiveDataSegment)) {
        throw new ChicoryException("Data segment should be active or passive: " + segment);
      }
    }
  }

  @Override
  public void initPassiveSegment(int segmentId, int dest, int offset, int length) {
    write(dest, dataSegments[segmentId].data(), offset, length);
  }

  @Override
  public void drop(int segment) {
    dataSegments[segment] = PassiveDataSegment.EMPTY;
  }

  @Override
  public void write(int addr, byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new WasmRuntimeException(message(offset, length));
    }
    check(addr, length);
    pristine = false;
    imaged = false;
    System.arraycopy(data, offset, bytes, addr, length);
  }

  @Override
  public byte read(int addr) {
    check(addr, 1);
    return bytes[addr];
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    check(addr, len);
    return Arrays.copyOfRange(bytes, addr, addr + len);
  }

  @Override
  public void writeI32(int addr, int data) {
    check(addr, 4);
    INTS.set(bytes, addr, data);
  }

  @Override
  public int readInt(int addr) {
    check(addr, 4);
    return (int) INTS.get(bytes, addr);
  }

  @Override
  public void writeLong(int addr, long data) {
    check(addr, 8);
    LONGS.set(bytes, addr, data);
  }

  @Override
  public long readLong(int addr) {
    check(addr, 8);
    return (long) LONGS.get(bytes, addr);
  }

  @Override
  public void writeShort(int addr, short data) {
    check(addr, 2);
    SHORTS.set(bytes, addr, data);
  }

  @Override
  public short readShort(int addr) {
    check(addr, 2);
    return (short) SHORTS.get(bytes, addr);
  }

  @Override
  public long readU16(int addr) {
    return readShort(addr) & 0xFFFFL;
  }

  @Override
  public void writeByte(int addr, byte data) {
    check(addr, 1);
    bytes[addr] = data;
  }

  @Override
  public void writeF32(int addr, float data) {
    check(addr, 4);
    FLOATS.set(bytes, addr, data);
  }

  @Override
  public long readF32(int addr) {
    return readInt(addr);
  }

  @Override
  public float readFloat(int addr) {
    check(addr, 4);
    return (float) FLOATS.get(bytes, addr);
  }

  @Override
  public void writeF64(int addr, double data) {
    check(addr, 8);
    DOUBLES.set(bytes, addr, data);
  }

  @Override
  public double readDouble(int addr) {
    check(addr, 8);
    return (double) DOUBLES.get(bytes, addr);
  }

  @Override
  public long readF64(int addr) {
    return readLong(addr);
  }

  @Override
  public void zero() {
    if (imaged) {
      return; // initialize follows and leaves exactly the image, which is zeroing plus segments
    }
    if (!pristine) {
      Arrays.fill(bytes, 0, size, (byte) 0);
    }
  }

  @Override
  public void fill(byte value, int fromIndex, int toIndex) {
    check(fromIndex, toIndex - fromIndex);
    pristine = false;
    imaged = false;
    Arrays.fill(bytes, fromIndex, toIndex, value);
  }

  @Override
  public void copy(int dest, int src, int length) {
    check(dest, length);
    check(src, length);
    pristine = false;
    imaged = false;
    // System.arraycopy copies overlapping ranges as if through a temporary array.
    System.arraycopy(bytes, src, bytes, dest, length);
  }

  @Override
  public void atomicFence() {
    // Not shared: a single thread sees its own writes in order.
  }

  // One comparison for the common case; the array's own check is then redundant but cheap.
  private void check(int addr, int length) {
    if (outside(addr, length)) {
      throw new WasmRuntimeException(message(addr, length));
    }
  }

  private boolean outside(int addr, int length) {
    return addr < 0 || length < 0 || addr > size - length;
  }

  private String message(int addr, int length) {
    return "out of bounds memory access: attempted to access address: "
        + addr
        + " but limit is: "
        + size
        + " and size: "
        + length;
  }
}
