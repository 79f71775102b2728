package io.spear.runtime.wasm.host;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code spear} import module of SPEAR's guest ABI, basic family: {@code time_now_ms}, {@code
 * wall_time_s}, {@code random_i64}, {@code sleep_ms} and {@code log}.
 *
 * <p>Error returns are negative errno values as in SPEAR: {@code -22} (EINVAL) for a log length
 * below 0 or above 16 KiB, {@code -14} (EFAULT) for a pointer outside the guest's memory.
 */
public final class SpearHostFunctions {

  /** The import module name guests use. */
  public static final String MODULE = "spear";

  /** The longest message one {@code log} call accepts. */
  public static final int LOG_MAX_BYTES = 16 * 1024;

  static final int EFAULT = 14;
  static final int EINVAL = 22;

  private static final String[] LEVELS = {"trace", "debug", "info", "warn", "error"};

  private static final Map<String, FunctionType> TYPES = types();

  private SpearHostFunctions() {}

  /** Every function this runtime provides, by name, with its WebAssembly type. */
  public static Map<String, FunctionType> provided() {
    return TYPES;
  }

  /** The functions bound to one execution. */
  public static HostFunction[] create(SpearHostContext context) {
    return new HostFunction[] {
      function("time_now_ms", (instance, args) -> i64(context.clock().millis())),
      function("wall_time_s", (instance, args) -> i64(context.clock().instant().getEpochSecond())),
      function("random_i64", (instance, args) -> i64(context.random().nextLong())),
      function("sleep_ms", (instance, args) -> sleep((int) args[0])),
      function("log", (instance, args) -> i32(log(context, instance, args))),
    };
  }

  private static Map<String, FunctionType> types() {
    Map<String, FunctionType> types = new LinkedHashMap<>();
    types.put("time_now_ms", FunctionType.returning(ValType.I64));
    types.put("wall_time_s", FunctionType.returning(ValType.I64));
    types.put("random_i64", FunctionType.returning(ValType.I64));
    types.put("sleep_ms", FunctionType.accepting(ValType.I32));
    types.put(
        "log",
        FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32)));
    return Map.copyOf(types);
  }

  private static HostFunction function(String name, WasmFunctionHandle body) {
    WasmFunctionHandle guarded =
        (instance, args) -> {
          // Host calls are where a stopped execution must not carry on, like SPEAR's guard.
          if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException("Thread interrupted");
          }
          return body.apply(instance, args);
        };
    return new HostFunction(MODULE, name, TYPES.get(name), guarded);
  }

  private static long[] sleep(int millis) {
    if (millis <= 0) {
      return null;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      // Keep the flag so the compiled guest's own checks see it too.
      Thread.currentThread().interrupt();
      throw new ChicoryInterruptedException("sleep_ms interrupted", e);
    }
    return null;
  }

  private static int log(SpearHostContext context, Instance instance, long[] args) {
    int level = (int) args[0];
    int ptr = (int) args[1];
    int len = (int) args[2];
    if (len < 0 || len > LOG_MAX_BYTES) {
      return -EINVAL;
    }
    Memory memory = instance.memory();
    if (ptr < 0 || memory == null || (long) ptr + len > (long) memory.pages() * Memory.PAGE_SIZE) {
      return -EFAULT;
    }
    String message = new String(memory.readBytes(ptr, len), StandardCharsets.UTF_8);
    String name = level >= 0 && level < LEVELS.length ? LEVELS[level] : "info";
    String line = "[" + name + "] " + message + (message.endsWith("\n") ? "" : "\n");
    context.log().append(line.getBytes(StandardCharsets.UTF_8));
    return 0;
  }

  private static long[] i64(long value) {
    return new long[] {value};
  }

  private static long[] i32(int value) {
    return new long[] {value};
  }
}
