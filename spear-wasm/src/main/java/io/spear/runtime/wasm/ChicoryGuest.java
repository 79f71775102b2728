package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.spear.runtime.host.Errno;
import io.spear.runtime.host.Guest;
import io.spear.runtime.host.GuestMemory;
import io.spear.runtime.host.HostCallError;
import java.util.Collections;
import java.util.List;

/** The Chicory instance making a host call, as host-call families see it. */
final class ChicoryGuest implements Guest, GuestMemory {

  private final Instance instance;

  ChicoryGuest(Instance instance) {
    this.instance = instance;
  }

  @Override
  public GuestMemory memory() {
    return this;
  }

  @Override
  public byte[] read(int ptr, int len) {
    return checked(ptr, len).readBytes(ptr, len);
  }

  @Override
  public long readU32(int ptr) {
    return Integer.toUnsignedLong(checked(ptr, 4).readInt(ptr));
  }

  @Override
  public void write(int ptr, byte[] bytes) {
    checked(ptr, bytes.length).write(ptr, bytes);
  }

  @Override
  public void writeU32(int ptr, long value) {
    checked(ptr, 4).writeI32(ptr, (int) value);
  }

  private Memory checked(int ptr, int len) {
    Memory memory = instance.memory();
    if (memory == null) {
      throw new HostCallError(Errno.EFAULT);
    }
    long size = (long) memory.pages() * Memory.PAGE_SIZE;
    if (ptr < 0 || len < 0 || (long) ptr + len > size) {
      throw new HostCallError(Errno.EFAULT);
    }
    return memory;
  }

  @Override
  public int callTableFunction(int index, int... args) {
    TableInstance table = table();
    if (index < 0 || index >= table.size()) {
      throw new HostCallError(Errno.EIO);
    }
    int function = table.ref(index);
    if (function < 0 || function >= instance.functionCount()) {
      throw new HostCallError(Errno.EIO);
    }
    FunctionType wanted =
        FunctionType.of(Collections.nCopies(args.length, ValType.I32), List.of(ValType.I32));
    if (!wanted.equals(instance.type(instance.functionType(function)))) {
      throw new HostCallError(Errno.EIO);
    }
    long[] values = new long[args.length];
    for (int i = 0; i < args.length; i++) {
      values[i] = args[i];
    }
    try {
      long[] result = instance.getMachine().call(function, values);
      if (result == null || result.length == 0) {
        throw new HostCallError(Errno.EIO);
      }
      return (int) result[0];
    } catch (ChicoryInterruptedException e) {
      throw e; // the execution is being stopped: end it, do not report a failed call
    } catch (ChicoryException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      throw new HostCallError(Errno.EIO);
    }
  }

  /** The guest's function table: the toolchains' usual export names first, else the first one. */
  private TableInstance table() {
    var exports = instance.module().exportSection();
    String first = null;
    boolean indirect = false;
    boolean plain = false;
    for (int i = 0; i < exports.exportCount(); i++) {
      var export = exports.getExport(i);
      if (export.exportType() != ExternalType.TABLE) {
        continue;
      }
      first = first == null ? export.name() : first;
      indirect |= export.name().equals("__indirect_function_table");
      plain |= export.name().equals("table");
    }
    String name = indirect ? "__indirect_function_table" : plain ? "table" : first;
    if (name == null) {
      throw new HostCallError(Errno.EIO);
    }
    return instance.exports().table(name);
  }
}
