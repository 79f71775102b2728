package io.spear.runtime.wasm.host.abi;

import static io.spear.runtime.wasm.host.abi.GuestAbi.Type.I32;
import static io.spear.runtime.wasm.host.abi.GuestAbi.Type.I64;
import static io.spear.runtime.wasm.host.abi.GuestAbi.Type.IN_PTR;
import static io.spear.runtime.wasm.host.abi.GuestAbi.Type.LEN_PTR;
import static io.spear.runtime.wasm.host.abi.GuestAbi.Type.OUT_PTR;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.spear.runtime.stream.SsfFrame;
import io.spear.runtime.stream.UserStreamHub;
import io.spear.runtime.wasm.host.Errno;
import io.spear.runtime.wasm.host.SpearHostFunctions;
import io.spear.runtime.wasm.host.cchat.CchatHost;
import io.spear.runtime.wasm.host.epoll.EpollHost;
import io.spear.runtime.wasm.host.fd.Readiness;
import io.spear.runtime.wasm.host.mic.MicHost;
import io.spear.runtime.wasm.host.rtasr.RtasrHost;
import io.spear.runtime.wasm.host.stream.StreamHostFunctions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The guest ABI of the {@code spear} import module in one place: every host call by family with
 * named, typed parameters, and every constant guests pass or get back (errno values, commands,
 * flags). The C header, the Rust SDK's {@code extern} block and the AssemblyScript declarations are
 * checked against (or generated from) this list, and the list against what the runtime registers.
 */
public final class GuestAbi {

  /** How a parameter or result looks to a guest; every pointer is an i32 in WebAssembly. */
  public enum Type {
    /** A 32-bit integer. */
    I32,
    /** A 64-bit integer. */
    I64,
    /** A pointer to bytes the host reads. */
    IN_PTR,
    /** A pointer to bytes the host writes. */
    OUT_PTR,
    /** A pointer to a u32 length: a capacity on entry, a length on return. */
    LEN_PTR;

    /** The WebAssembly value type. */
    public ValType wasm() {
      return this == I64 ? ValType.I64 : ValType.I32;
    }
  }

  /** A named parameter. */
  public record Param(String name, Type type) {}

  /** One host call: its family, import name, parameters, result (null for none) and meaning. */
  public record HostCall(String family, String name, List<Param> params, Type result, String doc) {
    /** The WebAssembly type the runtime must register. */
    public FunctionType wasmType() {
      List<ValType> results = result == null ? List.of() : List.of(result.wasm());
      return FunctionType.of(params.stream().map(p -> p.type().wasm()).toList(), results);
    }
  }

  /** A named integer constant of a group ("errno", "log", "chat", ...). */
  public record Constant(String group, String name, long value, String doc) {}

  private static final List<HostCall> CALLS = buildCalls();
  private static final List<Constant> CONSTANTS = buildConstants();

  private GuestAbi() {}

  /** Every host call, in declaration order. */
  public static List<HostCall> calls() {
    return CALLS;
  }

  /** Every constant, in declaration order. */
  public static List<Constant> constants() {
    return CONSTANTS;
  }

  /** The WebAssembly type of every call, by import name. */
  public static Map<String, FunctionType> wasmTypes() {
    Map<String, FunctionType> types = new LinkedHashMap<>();
    calls().forEach(call -> types.put(call.name(), call.wasmType()));
    return types;
  }

  private static List<HostCall> buildCalls() {
    List<HostCall> c = new ArrayList<>();
    String f = "core";
    c.add(call(f, "time_now_ms", I64, "Milliseconds since the Unix epoch."));
    c.add(call(f, "wall_time_s", I64, "Seconds since the Unix epoch."));
    c.add(call(f, "random_i64", I64, "A random 64-bit value from the host."));
    c.add(call(f, "sleep_ms", null, "Sleeps; cancellation ends the guest.", p("ms", I32)));
    c.add(
        call(
            f,
            "log",
            I32,
            "Appends one line to the execution log: 0 or -errno.",
            p("level", I32),
            p("msg", IN_PTR),
            p("len", I32)));
    f = "chat";
    c.add(call(f, "cchat_create", I32, "A new chat session descriptor, or -errno."));
    c.add(
        call(
            f,
            "cchat_write_msg",
            I32,
            "Appends a message {role, content}.",
            p("fd", I32),
            p("role", IN_PTR),
            p("role_len", I32),
            p("content", IN_PTR),
            p("content_len", I32)));
    c.add(
        call(
            f,
            "cchat_write_fn",
            I32,
            "Registers a tool: a function table index and its OpenAI tool JSON.",
            p("fd", I32),
            p("table_index", I32),
            p("json", IN_PTR),
            p("json_len", I32)));
    c.add(ctl(f, "cchat_ctl", "Sets a parameter or reads metrics (CHAT_CTL_*)."));
    c.add(
        call(
            f,
            "cchat_send",
            I32,
            "Sends the session: a response descriptor, or -errno.",
            p("fd", I32),
            p("flags", I32)));
    c.add(read(f, "cchat_recv", "Copies a response's JSON: its length, or -errno."));
    c.add(close(f, "cchat_close", "Closes a session or a response."));
    f = "epoll";
    c.add(call(f, "spear_epoll_create", I32, "A new epoll set descriptor, or -errno."));
    c.add(
        call(
            f,
            "spear_epoll_ctl",
            I32,
            "Adds, changes or removes a descriptor's interest (EPOLL_CTL_*).",
            p("epfd", I32),
            p("op", I32),
            p("fd", I32),
            p("events", I32)));
    c.add(
        call(
            f,
            "spear_epoll_wait",
            I32,
            "Waits and writes (fd, events) records: their count, 0 on timeout.",
            p("epfd", I32),
            p("out", OUT_PTR),
            p("out_len", LEN_PTR),
            p("timeout_ms", I32)));
    c.add(close(f, "spear_epoll_close", "Closes an epoll set."));
    c.add(ctl(f, "spear_fd_ctl", "Controls or describes one descriptor (FD_CTL_*)."));
    f = "stream";
    c.add(call(f, "user_stream_ctl_open", I32, "The execution's stream control descriptor."));
    c.add(read(f, "user_stream_ctl_read", "One 8-byte control event, or -EAGAIN."));
    c.add(
        call(
            f,
            "user_stream_open",
            I32,
            "Opens a connected stream in a direction (STREAM_*).",
            p("stream_id", I32),
            p("direction", I32)));
    c.add(read(f, "user_stream_read", "One whole SSF frame, or -EAGAIN."));
    c.add(write(f, "user_stream_write", "Queues one SSF frame: 0 or -errno."));
    c.add(close(f, "user_stream_close", "Closes a stream or the control descriptor."));
    f = "rtasr";
    c.add(call(f, "rtasr_create", I32, "A new realtime ASR descriptor, or -errno."));
    c.add(ctl(f, "rtasr_ctl", "Configures, connects or describes ASR (RTASR_*)."));
    c.add(write(f, "rtasr_write", "Queues PCM16 audio: the bytes accepted, or -errno."));
    c.add(read(f, "rtasr_read", "One backend event as JSON, or -EAGAIN."));
    c.add(close(f, "rtasr_close", "Closes an ASR descriptor."));
    f = "mic";
    c.add(call(f, "mic_create", I32, "A new microphone descriptor, or -errno."));
    c.add(ctl(f, "mic_ctl", "Configures or describes the microphone (MIC_*)."));
    c.add(read(f, "mic_read", "One PCM16 frame, or -EAGAIN before the next is due."));
    c.add(close(f, "mic_close", "Closes a microphone descriptor."));
    return List.copyOf(c);
  }

  private static List<Constant> buildConstants() {
    List<Constant> c = new ArrayList<>();
    String g = "errno";
    c.add(k(g, "EPERM", Errno.EPERM, "Operation not permitted."));
    c.add(k(g, "ENOENT", Errno.ENOENT, "No such entry."));
    c.add(k(g, "EIO", Errno.EIO, "Input/output error, also malformed arguments."));
    c.add(k(g, "EBADF", Errno.EBADF, "Bad descriptor."));
    c.add(k(g, "EAGAIN", Errno.EAGAIN, "Nothing pending; try again."));
    c.add(k(g, "ENOMEM", Errno.ENOMEM, "Out of memory or descriptors."));
    c.add(k(g, "EACCES", Errno.EACCES, "Forbidden by policy."));
    c.add(k(g, "EFAULT", Errno.EFAULT, "A pointer outside the guest's memory."));
    c.add(k(g, "EINVAL", Errno.EINVAL, "An invalid argument or command."));
    c.add(k(g, "ENOSPC", Errno.ENOSPC, "Buffer too small; the size needed was written back."));
    c.add(k(g, "EPIPE", Errno.EPIPE, "The other side is gone."));
    c.add(k(g, "ENOSYS", Errno.ENOSYS, "Not implemented."));
    c.add(k(g, "ECONNRESET", Errno.ECONNRESET, "The peer reset the connection."));
    c.add(k(g, "ENOTCONN", Errno.ENOTCONN, "Not connected, or not inside an execution."));
    c.add(k(g, "ETIMEDOUT", Errno.ETIMEDOUT, "Timed out."));
    g = "log";
    String[] levels = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};
    for (int i = 0; i < levels.length; i++) {
      c.add(k(g, "LOG_" + levels[i], i, "Log level " + levels[i].toLowerCase(Locale.ROOT) + "."));
    }
    c.add(k(g, "LOG_MAX_BYTES", SpearHostFunctions.LOG_MAX_BYTES, "Longest log message."));
    g = "chat";
    c.add(k(g, "CHAT_CTL_SET_PARAM", CchatHost.CTL_SET_PARAM, "cchat_ctl: set {key, value}."));
    c.add(k(g, "CHAT_CTL_GET_METRICS", CchatHost.CTL_GET_METRICS, "cchat_ctl: read metrics."));
    c.add(k(g, "CHAT_SEND_METRICS", CchatHost.FLAG_METRICS, "cchat_send: collect metrics."));
    c.add(k(g, "CHAT_SEND_AUTO_TOOLS", CchatHost.FLAG_AUTO_TOOL_CALL, "cchat_send: run tools."));
    g = "epoll";
    c.add(k(g, "EPOLLIN", Readiness.IN, "Readable."));
    c.add(k(g, "EPOLLOUT", Readiness.OUT, "Writable."));
    c.add(k(g, "EPOLLERR", Readiness.ERR, "Failed."));
    c.add(k(g, "EPOLLHUP", Readiness.HUP, "Hung up."));
    c.add(k(g, "EPOLL_CTL_ADD", EpollHost.CTL_ADD, "Adds a descriptor."));
    c.add(k(g, "EPOLL_CTL_MOD", EpollHost.CTL_MOD, "Changes a descriptor's interest."));
    c.add(k(g, "EPOLL_CTL_DEL", EpollHost.CTL_DEL, "Removes a descriptor."));
    c.add(k(g, "FD_CTL_SET_FLAGS", EpollHost.FD_SET_FLAGS, "Sets or clears O_NONBLOCK."));
    c.add(k(g, "FD_CTL_GET_FLAGS", EpollHost.FD_GET_FLAGS, "The flags as JSON."));
    c.add(k(g, "FD_CTL_GET_KIND", EpollHost.FD_GET_KIND, "The kind as JSON."));
    c.add(k(g, "FD_CTL_GET_STATUS", EpollHost.FD_GET_STATUS, "The status as JSON."));
    c.add(k(g, "FD_CTL_GET_METRICS", EpollHost.FD_GET_METRICS, "The metrics as JSON."));
    g = "stream";
    c.add(k(g, "STREAM_IN", StreamHostFunctions.DIRECTION_IN, "Inbound only."));
    c.add(k(g, "STREAM_OUT", StreamHostFunctions.DIRECTION_OUT, "Outbound only."));
    c.add(k(g, "STREAM_BIDI", StreamHostFunctions.DIRECTION_BIDI, "Both ways."));
    c.add(
        k(
            g,
            "STREAM_EVENT_CONNECTED",
            UserStreamHub.EVENT_STREAM_CONNECTED,
            "A client stream connected."));
    c.add(
        k(
            g,
            "STREAM_EVENT_SESSION_CLOSED",
            UserStreamHub.EVENT_SESSION_CLOSED,
            "The stream session ended."));
    c.add(k(g, "SSF_HEADER_BYTES", SsfFrame.HEADER_BYTES, "SSF header size."));
    c.add(k(g, "SSF_VERSION", 1, "SSF version."));
    c.add(k(g, "SSF_REQUEST", SsfFrame.TYPE_REQUEST, "SSF request frame."));
    c.add(k(g, "SSF_DATA", SsfFrame.TYPE_DATA, "SSF data frame."));
    c.add(k(g, "SSF_ERROR", SsfFrame.TYPE_ERROR, "SSF error frame."));
    c.add(k(g, "SSF_CANCEL", SsfFrame.TYPE_CANCEL, "SSF cancel frame."));
    g = "rtasr";
    c.add(k(g, "RTASR_SET_PARAM", RtasrHost.SET_PARAM, "Sets {key, value}."));
    c.add(k(g, "RTASR_CONNECT", RtasrHost.CONNECT, "Opens the backend session."));
    c.add(k(g, "RTASR_GET_STATUS", RtasrHost.GET_STATUS, "The status as JSON."));
    c.add(k(g, "RTASR_SEND_EVENT", RtasrHost.SEND_EVENT, "Sends a raw JSON event."));
    c.add(k(g, "RTASR_FLUSH", RtasrHost.FLUSH, "Commits the audio sent so far."));
    c.add(k(g, "RTASR_CLEAR", RtasrHost.CLEAR, "Drops uncommitted audio."));
    c.add(k(g, "RTASR_SET_AUTOFLUSH", RtasrHost.SET_AUTOFLUSH, "Sets autoflush as JSON."));
    c.add(k(g, "RTASR_GET_AUTOFLUSH", RtasrHost.GET_AUTOFLUSH, "Autoflush as JSON."));
    g = "mic";
    c.add(k(g, "MIC_SET_PARAM", MicHost.SET_PARAM, "Sets the JSON config."));
    c.add(k(g, "MIC_GET_STATUS", MicHost.GET_STATUS, "The status as JSON."));
    return List.copyOf(c);
  }

  private static Param p(String name, Type type) {
    return new Param(name, type);
  }

  private static HostCall call(String family, String name, Type result, String doc, Param... ps) {
    return new HostCall(family, name, List.of(ps), result, doc);
  }

  private static HostCall ctl(String family, String name, String doc) {
    return call(
        family,
        name,
        I32,
        doc,
        p("fd", I32),
        p("cmd", I32),
        p("arg", OUT_PTR),
        p("arg_len", LEN_PTR));
  }

  private static HostCall read(String family, String name, String doc) {
    return call(family, name, I32, doc, p("fd", I32), p("out", OUT_PTR), p("out_len", LEN_PTR));
  }

  private static HostCall write(String family, String name, String doc) {
    return call(family, name, I32, doc, p("fd", I32), p("buf", IN_PTR), p("len", I32));
  }

  private static HostCall close(String family, String name, String doc) {
    return call(family, name, I32, doc, p("fd", I32));
  }

  private static Constant k(String group, String name, long value, String doc) {
    return new Constant(group, name, value, doc);
  }
}
