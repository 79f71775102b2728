package io.spear.ai.chat;

import static io.spear.runtime.host.HostCall.Type.I32;
import static io.spear.runtime.host.HostCall.Type.IN_PTR;
import static io.spear.runtime.host.HostCall.Type.LEN_PTR;
import static io.spear.runtime.host.HostCall.Type.OUT_PTR;
import static io.spear.runtime.host.HostCall.param;

import io.spear.runtime.host.Errno;
import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.Guest;
import io.spear.runtime.host.GuestAbi;
import io.spear.runtime.host.GuestMemory;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostFamily;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The {@code cchat_*} imports: guest memory in and out, SPEAR's errno returns, and {@link
 * CchatHost} for the meaning. {@code cchat_send} waits on an LLM backend, so it gives the CPU slot
 * back.
 */
public final class CchatFamily implements HostFamily<CchatHost> {

  private static final List<HostCall<CchatHost>> CALLS =
      List.of(
          HostCall.of(
              "cchat_create",
              I32,
              "A new chat session descriptor, or -errno.",
              (host, guest, args) -> host.create()),
          HostCall.of(
              "cchat_write_msg",
              I32,
              "Appends a message {role, content}.",
              CchatFamily::writeMessage,
              param("fd", I32),
              param("role", IN_PTR),
              param("role_len", I32),
              param("content", IN_PTR),
              param("content_len", I32)),
          HostCall.of(
              "cchat_write_fn",
              I32,
              "Registers a tool: a function table index and its OpenAI tool JSON.",
              (host, guest, args) ->
                  host.writeFunction(
                      (int) args[0], (int) args[1], text(guest.memory(), args[2], args[3])),
              param("fd", I32),
              param("table_index", I32),
              param("json", IN_PTR),
              param("json_len", I32)),
          HostCall.of(
              "cchat_ctl",
              I32,
              "Sets a parameter or reads metrics (CHAT_CTL_*).",
              CchatFamily::control,
              param("fd", I32),
              param("cmd", I32),
              param("arg", OUT_PTR),
              param("arg_len", LEN_PTR)),
          // A guest waiting on an LLM backend needs no running slot; tools it runs meanwhile are
          // short, and a nested blocking call in one keeps the slot accounting balanced.
          HostCall.blocking(
              "cchat_send",
              I32,
              "Sends the session: a response descriptor, or -errno.",
              (host, guest, args) -> host.send((int) args[0], (int) args[1], new TableTools(guest)),
              param("fd", I32),
              param("flags", I32)),
          HostCall.of(
              "cchat_recv",
              I32,
              "Copies a response's JSON: its length, or -errno.",
              (host, guest, args) ->
                  guest
                      .memory()
                      .writeWithLength((int) args[1], (int) args[2], host.receive((int) args[0])),
              param("fd", I32),
              param("out", OUT_PTR),
              param("out_len", LEN_PTR)),
          HostCall.of(
              "cchat_close",
              I32,
              "Closes a session or a response.",
              (host, guest, args) -> host.close((int) args[0]),
              param("fd", I32)));

  private final ChatRouter chat;
  private final McpToolCaller mcp;

  /** The family over the node's backends and MCP servers. */
  public CchatFamily(ChatRouter chat, McpToolCaller mcp) {
    this.chat = Objects.requireNonNull(chat, "chat");
    this.mcp = Objects.requireNonNull(mcp, "mcp");
  }

  /** A family with no backends and no MCP servers (every send fails, as on a node without AI). */
  public static CchatFamily none() {
    return new CchatFamily(ChatRouter.none(), McpToolCaller.none());
  }

  @Override
  public String name() {
    return "chat";
  }

  @Override
  public List<HostCall<CchatHost>> calls() {
    return CALLS;
  }

  @Override
  public List<GuestAbi.Constant> constants() {
    String g = "chat";
    return List.of(
        GuestAbi.constant(
            g, "CHAT_CTL_SET_PARAM", CchatHost.CTL_SET_PARAM, "cchat_ctl: set {key, value}."),
        GuestAbi.constant(
            g, "CHAT_CTL_GET_METRICS", CchatHost.CTL_GET_METRICS, "cchat_ctl: read metrics."),
        GuestAbi.constant(
            g, "CHAT_SEND_METRICS", CchatHost.FLAG_METRICS, "cchat_send: collect metrics."),
        GuestAbi.constant(
            g, "CHAT_SEND_AUTO_TOOLS", CchatHost.FLAG_AUTO_TOOL_CALL, "cchat_send: run tools."));
  }

  @Override
  public CchatHost open(ExecutionScope scope) {
    return new CchatHost(
        scope.fds(),
        chat,
        mcp,
        McpTaskPolicy.of(scope.taskConfig()),
        scope.deadline(),
        line -> scope.log("[info] [spear] " + line + "\n"));
  }

  private static long writeMessage(CchatHost host, Guest guest, long[] args) {
    GuestMemory memory = guest.memory();
    String role = text(memory, args[1], args[2]);
    String content = text(memory, args[3], args[4]);
    return host.writeMessage((int) args[0], role, content);
  }

  private static long control(CchatHost host, Guest guest, long[] args) {
    int fd = (int) args[0];
    int argPtr = (int) args[2];
    int argLenPtr = (int) args[3];
    GuestMemory memory = guest.memory();
    return switch ((int) args[1]) {
      case CchatHost.CTL_SET_PARAM -> host.setParam(fd, memory.readWithLength(argPtr, argLenPtr));
      case CchatHost.CTL_GET_METRICS -> memory.writeWithLength(argPtr, argLenPtr, host.metrics(fd));
      default -> -Errno.EINVAL;
    };
  }

  private static String text(GuestMemory memory, long ptr, long len) {
    // Lossy like SPEAR's from_utf8_lossy: invalid bytes become U+FFFD.
    return new String(memory.read((int) ptr, (int) len), StandardCharsets.UTF_8);
  }
}
