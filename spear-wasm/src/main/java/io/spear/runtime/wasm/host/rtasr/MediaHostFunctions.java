package io.spear.runtime.wasm.host.rtasr;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.spear.runtime.wasm.host.Errno;
import io.spear.runtime.wasm.host.GuestMemory;
import io.spear.runtime.wasm.host.HostCallError;
import io.spear.runtime.wasm.host.HostCalls;
import io.spear.runtime.wasm.host.mic.MicHost;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The {@code rtasr_*} and {@code mic_*} imports of the {@code spear} module: guest memory in and
 * out, and {@link RtasrHost} and {@link MicHost} for the meaning. A ctl call's argument is the
 * {@code *arg_len_ptr} bytes at {@code arg_ptr} (none when that is 0); GET answers go back into the
 * same buffer with SPEAR's output convention.
 */
public final class MediaHostFunctions {

  private static final Map<String, FunctionType> TYPES = types();

  private MediaHostFunctions() {}

  /** Every function of these families, by name, with its WebAssembly type. */
  public static Map<String, FunctionType> provided() {
    return TYPES;
  }

  /** The functions bound to one execution. */
  public static HostFunction[] create(RtasrHost asr, MicHost mic) {
    return new HostFunction[] {
      function("rtasr_create", (instance, args) -> asr.create()),
      function(
          "rtasr_ctl",
          (instance, args) ->
              control(
                  instance,
                  args,
                  (fd, cmd, payload, answer) -> asr.control(fd, cmd, payload, answer))),
      function(
          "rtasr_write",
          (instance, args) ->
              asr.write(
                  (int) args[0], GuestMemory.of(instance).read((int) args[1], (int) args[2]))),
      function(
          "rtasr_read",
          (instance, args) ->
              asr.read((int) args[0], writer(instance, (int) args[1], (int) args[2]))),
      function("rtasr_close", (instance, args) -> asr.close((int) args[0])),
      function("mic_create", (instance, args) -> mic.create()),
      function(
          "mic_ctl",
          (instance, args) ->
              control(
                  instance,
                  args,
                  (fd, cmd, payload, answer) -> mic.control(fd, cmd, payload, answer))),
      function(
          "mic_read",
          (instance, args) ->
              mic.read((int) args[0], writer(instance, (int) args[1], (int) args[2]))),
      function("mic_close", (instance, args) -> mic.close((int) args[0])),
    };
  }

  /** A ctl call of either family. */
  @FunctionalInterface
  private interface Control {
    int apply(int fd, int cmd, byte[] payload, ToIntFunction<byte[]> answer);
  }

  private static int control(Instance instance, long[] args, Control control) {
    int fd = (int) args[0];
    int cmd = (int) args[1];
    int argPtr = (int) args[2];
    int argLenPtr = (int) args[3];
    GuestMemory memory = GuestMemory.of(instance);
    long len = memory.readU32(argLenPtr);
    if (len > Integer.MAX_VALUE) {
      throw new HostCallError(Errno.EFAULT);
    }
    byte[] payload = len > 0 ? memory.read(argPtr, (int) len) : null;
    return control.apply(
        fd, cmd, payload, bytes -> memory.writeWithLength(argPtr, argLenPtr, bytes));
  }

  private static ToIntFunction<byte[]> writer(Instance instance, int ptr, int lenPtr) {
    GuestMemory memory = GuestMemory.of(instance);
    return payload -> memory.writeWithLength(ptr, lenPtr, payload);
  }

  private static HostFunction function(String name, HostCalls.IntCall body) {
    return HostCalls.function(name, TYPES.get(name), body);
  }

  private static Map<String, FunctionType> types() {
    Map<String, FunctionType> types = new LinkedHashMap<>();
    types.put("rtasr_create", HostCalls.i32s(0));
    types.put("rtasr_ctl", HostCalls.i32s(4));
    types.put("rtasr_write", HostCalls.i32s(3));
    types.put("rtasr_read", HostCalls.i32s(3));
    types.put("rtasr_close", HostCalls.i32s(1));
    types.put("mic_create", HostCalls.i32s(0));
    types.put("mic_ctl", HostCalls.i32s(4));
    types.put("mic_read", HostCalls.i32s(3));
    types.put("mic_close", HostCalls.i32s(1));
    return Map.copyOf(types);
  }
}
