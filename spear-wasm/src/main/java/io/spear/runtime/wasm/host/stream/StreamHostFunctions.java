package io.spear.runtime.wasm.host.stream;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.spear.runtime.wasm.host.Errno;
import io.spear.runtime.wasm.host.GuestMemory;
import io.spear.runtime.wasm.host.HostCallError;
import io.spear.runtime.wasm.host.HostCalls;
import io.spear.runtime.wasm.host.epoll.EpollHost;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code spear_epoll_*}, {@code spear_fd_ctl} and {@code user_stream_*} imports of the {@code
 * spear} module: guest memory in and out, and {@link EpollHost} and {@link UserStreamHost} for the
 * meaning.
 */
public final class StreamHostFunctions {

  /** The one call that may block for long: a runtime gives the guest's CPU slot back in it. */
  public static final String BLOCKING = "spear_epoll_wait";

  /** {@code user_stream_open} direction: inbound only. */
  public static final int DIRECTION_IN = StreamState.IN;

  /** {@code user_stream_open} direction: outbound only. */
  public static final int DIRECTION_OUT = StreamState.OUT;

  /** {@code user_stream_open} direction: both ways. */
  public static final int DIRECTION_BIDI = StreamState.BIDI;

  private static final Map<String, FunctionType> TYPES = types();

  private StreamHostFunctions() {}

  /** Every function of these families, by name, with its WebAssembly type. */
  public static Map<String, FunctionType> provided() {
    return TYPES;
  }

  /** Whether an import name belongs to the user stream family. */
  public static boolean isUserStream(String name) {
    return name.startsWith("user_stream_");
  }

  /** The functions bound to one execution. */
  public static HostFunction[] create(EpollHost epoll, UserStreamHost streams) {
    return new HostFunction[] {
      function("spear_epoll_create", (instance, args) -> epoll.create()),
      function(
          "spear_epoll_ctl",
          (instance, args) ->
              epoll.control((int) args[0], (int) args[1], (int) args[2], (int) args[3])),
      function("spear_epoll_wait", (instance, args) -> await(epoll, instance, args)),
      function("spear_epoll_close", (instance, args) -> epoll.close((int) args[0])),
      function("spear_fd_ctl", (instance, args) -> fdControl(epoll, instance, args)),
      function("user_stream_ctl_open", (instance, args) -> streams.controlOpen()),
      function(
          "user_stream_ctl_read",
          (instance, args) ->
              streams.controlRead((int) args[0], writer(instance, (int) args[1], (int) args[2]))),
      function("user_stream_open", (instance, args) -> streams.open((int) args[0], (int) args[1])),
      function(
          "user_stream_read",
          (instance, args) ->
              streams.read((int) args[0], writer(instance, (int) args[1], (int) args[2]))),
      function(
          "user_stream_write",
          (instance, args) ->
              streams.write(
                  (int) args[0], GuestMemory.of(instance).read((int) args[1], (int) args[2]))),
      function("user_stream_close", (instance, args) -> streams.close((int) args[0])),
    };
  }

  private static java.util.function.ToIntFunction<byte[]> writer(
      Instance instance, int ptr, int lenPtr) {
    GuestMemory memory = GuestMemory.of(instance);
    return payload -> memory.writeWithLength(ptr, lenPtr, payload);
  }

  private static int await(EpollHost epoll, Instance instance, long[] args) {
    int epfd = (int) args[0];
    int outPtr = (int) args[1];
    int outLenPtr = (int) args[2];
    int timeoutMs = (int) args[3];
    GuestMemory memory = GuestMemory.of(instance);
    long capacity = memory.readU32(outLenPtr);
    long maxRecords = capacity / EpollHost.RECORD_BYTES;
    if (maxRecords == 0) {
      memory.writeU32(outLenPtr, EpollHost.RECORD_BYTES);
      return -Errno.ENOSPC;
    }
    byte[] records = epoll.await(epfd, (int) Math.min(maxRecords, Integer.MAX_VALUE), timeoutMs);
    memory.write(outPtr, records);
    memory.writeU32(outLenPtr, records.length);
    return records.length / EpollHost.RECORD_BYTES;
  }

  private static int fdControl(EpollHost epoll, Instance instance, long[] args) {
    int fd = (int) args[0];
    int cmd = (int) args[1];
    int argPtr = (int) args[2];
    int argLenPtr = (int) args[3];
    GuestMemory memory = GuestMemory.of(instance);
    return switch (cmd) {
      case EpollHost.FD_SET_FLAGS -> {
        long len = memory.readU32(argLenPtr);
        if (len > Integer.MAX_VALUE) {
          throw new HostCallError(Errno.EFAULT);
        }
        yield epoll.setFlags(fd, memory.read(argPtr, (int) len));
      }
      case EpollHost.FD_GET_FLAGS,
          EpollHost.FD_GET_KIND,
          EpollHost.FD_GET_STATUS,
          EpollHost.FD_GET_METRICS ->
          memory.writeWithLength(argPtr, argLenPtr, epoll.describe(fd, cmd));
      default -> -Errno.EINVAL;
    };
  }

  private static HostFunction function(String name, HostCalls.IntCall body) {
    return HostCalls.function(name, TYPES.get(name), body);
  }

  private static Map<String, FunctionType> types() {
    Map<String, FunctionType> types = new LinkedHashMap<>();
    types.put("spear_epoll_create", HostCalls.i32s(0));
    types.put("spear_epoll_ctl", HostCalls.i32s(4));
    types.put("spear_epoll_wait", HostCalls.i32s(4));
    types.put("spear_epoll_close", HostCalls.i32s(1));
    types.put("spear_fd_ctl", HostCalls.i32s(4));
    types.put("user_stream_ctl_open", HostCalls.i32s(0));
    types.put("user_stream_ctl_read", HostCalls.i32s(3));
    types.put("user_stream_open", HostCalls.i32s(2));
    types.put("user_stream_read", HostCalls.i32s(3));
    types.put("user_stream_write", HostCalls.i32s(3));
    types.put("user_stream_close", HostCalls.i32s(1));
    return Map.copyOf(types);
  }
}
