package io.spear.runtime.wasm.host.cchat;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.spear.runtime.wasm.host.Errno;
import io.spear.runtime.wasm.host.GuestMemory;
import io.spear.runtime.wasm.host.HostCallError;
import io.spear.runtime.wasm.host.SpearHostFunctions;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code cchat_*} imports of the {@code spear} module: guest memory in and out, SPEAR's errno
 * returns, and {@link CchatHost} for the meaning.
 */
public final class CchatHostFunctions {

  private static final Map<String, FunctionType> TYPES = types();

  private CchatHostFunctions() {}

  /** Every {@code cchat_*} function, by name, with its WebAssembly type. */
  public static Map<String, FunctionType> provided() {
    return TYPES;
  }

  /** The functions bound to one execution's chat host. */
  public static HostFunction[] create(CchatHost host) {
    return new HostFunction[] {
      function("cchat_create", (instance, args) -> host.create()),
      function(
          "cchat_write_msg",
          (instance, args) -> {
            GuestMemory memory = GuestMemory.of(instance);
            String role = text(memory, args[1], args[2]);
            String content = text(memory, args[3], args[4]);
            return host.writeMessage((int) args[0], role, content);
          }),
      function(
          "cchat_write_fn",
          (instance, args) -> {
            String json = text(GuestMemory.of(instance), args[2], args[3]);
            return host.writeFunction((int) args[0], (int) args[1], json);
          }),
      function("cchat_ctl", (instance, args) -> control(host, instance, args)),
      function(
          "cchat_send",
          (instance, args) -> host.send((int) args[0], (int) args[1], new TableTools(instance))),
      function(
          "cchat_recv",
          (instance, args) -> {
            byte[] body = host.receive((int) args[0]);
            return GuestMemory.of(instance).writeWithLength((int) args[1], (int) args[2], body);
          }),
      function("cchat_close", (instance, args) -> host.close((int) args[0])),
    };
  }

  private static int control(CchatHost host, Instance instance, long[] args) {
    int fd = (int) args[0];
    int cmd = (int) args[1];
    int argPtr = (int) args[2];
    int argLenPtr = (int) args[3];
    GuestMemory memory = GuestMemory.of(instance);
    return switch (cmd) {
      case CchatHost.CTL_SET_PARAM -> {
        long len = memory.readU32(argLenPtr);
        if (len > Integer.MAX_VALUE) {
          throw new HostCallError(Errno.EFAULT);
        }
        yield host.setParam(fd, memory.read(argPtr, (int) len));
      }
      case CchatHost.CTL_GET_METRICS -> memory.writeWithLength(argPtr, argLenPtr, host.metrics(fd));
      default -> -Errno.EINVAL;
    };
  }

  private static String text(GuestMemory memory, long ptr, long len) {
    // Lossy like SPEAR's from_utf8_lossy: invalid bytes become U+FFFD.
    return new String(memory.read((int) ptr, (int) len), StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  private interface IntCall {
    int apply(Instance instance, long[] args);
  }

  private static HostFunction function(String name, IntCall body) {
    WasmFunctionHandle handle =
        (instance, args) -> {
          if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException("Thread interrupted");
          }
          int rc;
          try {
            rc = body.apply(instance, args);
          } catch (HostCallError e) {
            rc = -e.errno();
          }
          return new long[] {rc};
        };
    return new HostFunction(SpearHostFunctions.MODULE, name, TYPES.get(name), handle);
  }

  private static Map<String, FunctionType> types() {
    Map<String, FunctionType> types = new LinkedHashMap<>();
    types.put("cchat_create", FunctionType.returning(ValType.I32));
    types.put("cchat_write_msg", i32s(5));
    types.put("cchat_write_fn", i32s(4));
    types.put("cchat_ctl", i32s(4));
    types.put("cchat_send", i32s(2));
    types.put("cchat_recv", i32s(3));
    types.put("cchat_close", i32s(1));
    return Collections.unmodifiableMap(types);
  }

  private static FunctionType i32s(int params) {
    return FunctionType.of(Collections.nCopies(params, ValType.I32), List.of(ValType.I32));
  }
}
