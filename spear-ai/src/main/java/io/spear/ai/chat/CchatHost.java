package io.spear.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.ai.chat.McpToolCaller.McpException;
import io.spear.ai.json.SortedJson;
import io.spear.runtime.host.Errno;
import io.spear.runtime.host.ExecutionStopped;
import io.spear.runtime.host.HostCallError;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.FdKind;
import io.spear.runtime.host.fd.FdTable;
import io.spear.runtime.host.fd.Readiness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The semantics of the {@code cchat_*} calls of one execution, apart from guest memory: sessions
 * and responses in the execution's {@link FdTable}, parameters with SPEAR's checks, and {@code
 * cchat_send} with its automatic tool loop.
 */
public final class CchatHost {

  /** {@code cchat_send} flag: compute metrics for {@code GET_METRICS}. */
  public static final int FLAG_METRICS = 1;

  /** {@code cchat_send} flag: run tool calls until the model gives a final answer. */
  public static final int FLAG_AUTO_TOOL_CALL = 2;

  /** {@code cchat_ctl} command: set one parameter. */
  public static final int CTL_SET_PARAM = 1;

  /** {@code cchat_ctl} command: read a response's metrics. */
  public static final int CTL_GET_METRICS = 2;

  /** The kind of a session's descriptor. */
  static final FdKind CHAT_SESSION = new FdKind("ChatSession");

  /** The kind of a response's descriptor. */
  static final FdKind CHAT_RESPONSE = new FdKind("ChatResponse");

  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

  private final FdTable fds;
  private final ChatRouter chat;
  private final McpToolCaller mcp;
  private final McpTaskPolicy mcpPolicy;
  private final Instant deadline;
  private final Consumer<String> systemLog;

  /**
   * Creates the host of one execution.
   *
   * @param fds the execution's descriptors
   * @param chat the backends
   * @param mcp the MCP servers
   * @param mcpPolicy what the task allows with MCP
   * @param deadline when the execution's time runs out
   * @param systemLog receives one line per backend call for the execution log
   */
  public CchatHost(
      FdTable fds,
      ChatRouter chat,
      McpToolCaller mcp,
      McpTaskPolicy mcpPolicy,
      Instant deadline,
      Consumer<String> systemLog) {
    this.fds = fds;
    this.chat = chat;
    this.mcp = mcp;
    this.mcpPolicy = mcpPolicy;
    this.deadline = deadline;
    this.systemLog = systemLog;
  }

  /** {@code cchat_create}: a new session descriptor with the task's MCP defaults. */
  public int create() {
    ChatSession session = new ChatSession();
    List<String> defaults = mcpPolicy.sessionDefaults();
    if (!defaults.isEmpty()) {
      session.mcp.enabled = true;
      session.mcp.serverIds = new ArrayList<>(defaults);
      session.mcp.taskAllowlist = new ArrayList<>(mcpPolicy.toolAllowlist());
      session.mcp.taskDenylist = new ArrayList<>(mcpPolicy.toolDenylist());
    }
    return fds.allocate(CHAT_SESSION, session, Readiness.OUT)
        .map(FdEntry::fd)
        .orElse(-Errno.ENOMEM);
  }

  /** {@code cchat_write_msg}: appends {@code {role, content}}. */
  public int writeMessage(int fd, String role, String content) {
    ObjectNode message = SortedJson.NODES.objectNode();
    message.put("role", role);
    message.put("content", content);
    session(fd).append(message);
    return 0;
  }

  /** {@code cchat_write_fn}: registers a guest tool; its JSON is checked only when sent. */
  public int writeFunction(int fd, int fnOffset, String json) {
    session(fd).addTool(new ChatSession.GuestTool(fnOffset, json));
    return 0;
  }

  /** {@code cchat_ctl SET_PARAM} with the guest's {@code {"key":...,"value":...}} bytes. */
  public int setParam(int fd, byte[] argument) {
    Optional<JsonNode> parsed = SortedJson.parse(argument);
    JsonNode key = parsed.map(p -> p.get("key")).orElse(null);
    if (key == null || !key.isTextual() || key.asText().isEmpty()) {
      return -Errno.EIO;
    }
    JsonNode value = parsed.get().get("value");
    return setParam(fd, key.asText(), value == null ? SortedJson.NODES.nullNode() : value);
  }

  private int setParam(int fd, String key, JsonNode value) {
    Optional<FdEntry<?>> entry = fds.get(fd);
    if (entry.isEmpty()) {
      return -Errno.EBADF;
    }
    if (key.startsWith("mcp.task_")) {
      return -Errno.EACCES;
    }
    if (key.equals(McpTaskPolicy.ENABLED)) {
      if (!value.isBoolean()) {
        return -Errno.EINVAL;
      }
      if (value.asBoolean() && !mcpPolicy.enabled()) {
        return -Errno.EACCES;
      }
    }
    if (key.equals("mcp.server_ids")) {
      if (!value.isArray()) {
        return -Errno.EINVAL;
      }
      if (!mcpPolicy.allows(strings(value))) {
        return -Errno.EACCES;
      }
    }
    FdEntry<?> e = entry.get();
    if (e.closed()) {
      return -Errno.EBADF;
    }
    if (e.kind() == CHAT_RESPONSE) {
      return 0; // SPEAR ignores parameters on a response
    }
    if (e.kind() != CHAT_SESSION) {
      return -Errno.EBADF;
    }
    ChatSession session = (ChatSession) e.state();
    synchronized (session) {
      switch (key) {
        case McpTaskPolicy.ENABLED -> session.mcp.enabled = value.asBoolean();
        case "mcp.server_ids" -> session.mcp.serverIds = strings(value);
        case "mcp.tool_allowlist", "mcp.tool_denylist" -> {
          if (!value.isArray()) {
            return -Errno.EINVAL;
          }
          if (key.endsWith("allowlist")) {
            session.mcp.allowlist = strings(value);
          } else {
            session.mcp.denylist = strings(value);
          }
        }
        default -> session.params.put(key, value);
      }
    }
    return 0;
  }

  /** {@code cchat_ctl GET_METRICS}: a response's metrics, {@code {}} when none were asked for. */
  public byte[] metrics(int fd) {
    byte[] metrics = response(fd).metrics();
    return metrics.length == 0 ? EMPTY_OBJECT : metrics;
  }

  /** {@code cchat_recv}: the response bytes; may be called again. */
  public byte[] receive(int fd) {
    return response(fd).body();
  }

  /** {@code cchat_close}: 0, also for a descriptor closed before; -EBADF for an unknown one. */
  public int close(int fd) {
    return fds.close(fd);
  }

  /**
   * {@code cchat_send}: sends the session (with AUTO_TOOL_CALL, until a final answer) and returns
   * the response descriptor. Backend failures are JSON in the response, not negative returns.
   */
  public int send(int fd, int flags, GuestTools guestTools) {
    ChatSession session = session(fd);
    ChatResponse response = new ChatResponse();
    FdEntry<ChatResponse> entry =
        fds.allocate(CHAT_RESPONSE, response, 0).orElseThrow(() -> new HostCallError(Errno.ENOMEM));
    boolean metrics = (flags & FLAG_METRICS) != 0;
    Result result =
        (flags & FLAG_AUTO_TOOL_CALL) == 0
            ? sendOnce(fd, session)
            : sendWithTools(fd, session, guestTools);
    byte[] metricsBytes =
        !metrics
            ? new byte[0]
            : result.usage == null ? EMPTY_OBJECT : SortedJson.bytes(result.usage);
    response.complete(SortedJson.bytes(result.body), metricsBytes);
    entry.raise(Readiness.IN);
    return entry.fd();
  }

  private record Result(JsonNode body, JsonNode usage) {}

  private Result sendOnce(int fd, ChatSession session) {
    ChatSession.Snapshot snapshot = session.snapshot();
    List<JsonNode> tools = tools(snapshot);
    ChatReply reply = complete(fd, snapshot, tools);
    if (reply instanceof ChatReply.Completed completed) {
      return new Result(ChatMessages.withSpear(completed, snapshot), ChatMessages.usage(snapshot));
    }
    return new Result(SortedJson.error(((ChatReply.Failed) reply).message()), null);
  }

  private Result sendWithTools(int fd, ChatSession session, GuestTools guestTools) {
    long totalToolCalls = 0;
    long iteration = 0;
    while (true) {
      ChatSession.Snapshot snapshot = session.snapshot();
      long maxIterations = ChatParams.maxIterations(snapshot.params());
      long maxToolCalls = ChatParams.maxTotalToolCalls(snapshot.params());
      if (iteration >= maxIterations) {
        return limit("exceeded max_iterations");
      }
      if (totalToolCalls > maxToolCalls) {
        return limit("exceeded max_total_tool_calls");
      }
      Map<String, Integer> guestToolOffsets = guestToolOffsets(snapshot.tools());
      ChatReply reply = complete(fd, snapshot, tools(snapshot));
      if (!(reply instanceof ChatReply.Completed completed)) {
        return new Result(SortedJson.error(((ChatReply.Failed) reply).message()), null);
      }
      JsonNode message = completed.body().path("choices").path(0).path("message");
      Optional<List<ObjectNode>> calls = ChatMessages.toolCalls(message);
      if (calls.isEmpty()) {
        if (message.isObject()) {
          session.append(ChatMessages.assistantMessage(message, null));
        }
        return new Result(
            ChatMessages.withSpear(completed, snapshot), ChatMessages.usage(snapshot));
      }
      ArrayNode callArray = SortedJson.NODES.arrayNode();
      calls.get().forEach(callArray::add);
      session.append(ChatMessages.assistantMessage(message, callArray));
      for (ObjectNode call : calls.get()) {
        if (totalToolCalls >= maxToolCalls) {
          return limit("exceeded max_total_tool_calls");
        }
        totalToolCalls++;
        String name = call.path("function").path("name").asText();
        String arguments = call.path("function").path("arguments").asText();
        String output = runTool(snapshot, guestToolOffsets, guestTools, name, arguments);
        ObjectNode toolMessage = SortedJson.NODES.objectNode();
        toolMessage.put("role", "tool");
        toolMessage.put("content", output);
        toolMessage.put("tool_call_id", call.path("id").asText());
        session.append(toolMessage);
      }
      iteration++;
    }
  }

  private static Result limit(String message) {
    return new Result(SortedJson.error("tool_call_limit", message), null);
  }

  private String runTool(
      ChatSession.Snapshot snapshot,
      Map<String, Integer> guestToolOffsets,
      GuestTools guestTools,
      String name,
      String arguments) {
    Integer offset = guestToolOffsets.get(name);
    if (offset != null) {
      Map<String, JsonNode> p = snapshot.params();
      try {
        return guestTools.call(
            offset,
            arguments,
            ChatParams.signed(p, ChatParams.TOOL_ARENA_PTR),
            ChatParams.signed(p, ChatParams.TOOL_ARENA_LEN),
            ChatParams.maxToolOutputBytes(p, ChatParams.MAX_WASM_TOOL_OUTPUT_BYTES));
      } catch (GuestTools.ToolFailure e) {
        return SortedJson.string(SortedJson.error("tool_exec_failed", "tool rc: " + e.rc()));
      }
    }
    if (name.startsWith(McpSessionSettings.NAME_PREFIX)
        || name.startsWith(McpSessionSettings.DOT_PREFIX)) {
      long start = System.nanoTime();
      try {
        String result = callMcpTool(snapshot, name, arguments);
        logMcpCall(name, "ok " + (System.nanoTime() - start) / 1_000_000 + "ms");
        return result;
      } catch (McpException e) {
        logMcpCall(
            name, "failed " + (System.nanoTime() - start) / 1_000_000 + "ms: " + e.getMessage());
        return SortedJson.string(SortedJson.error("mcp_tool_failed", e.getMessage()));
      }
    }
    return SortedJson.string(SortedJson.error("unknown_tool", "unknown tool: " + name));
  }

  /**
   * One execution-log line per MCP tool call: server, tool, outcome; never arguments or results.
   */
  private void logMcpCall(String name, String outcome) {
    String call =
        McpSessionSettings.parseToolName(name)
            .map(p -> "server=" + p[0] + " tool=" + p[1])
            .orElse("tool=" + name);
    systemLog.accept("mcp tools/call " + call + " " + outcome);
  }

  private String callMcpTool(ChatSession.Snapshot snapshot, String name, String arguments)
      throws McpException {
    String[] parsed =
        McpSessionSettings.parseToolName(name)
            .orElseThrow(() -> new McpException("invalid mcp tool name"));
    String serverId = parsed[0];
    String tool = parsed[1];
    // Stricter than SPEAR: a model cannot reach a server the session did not enable.
    if (!snapshot.mcp().effectivelyEnabled() || !snapshot.mcp().serverIds.contains(serverId)) {
      throw new McpException("mcp server not enabled for this session: " + serverId);
    }
    McpServerView server =
        mcp.server(serverId).orElseThrow(() -> new McpException("unknown mcp server"));
    Optional<String> denied = snapshot.mcp().denial(server.allowedTools(), tool);
    if (denied.isPresent()) {
      throw new McpException(denied.get());
    }
    JsonNode args =
        SortedJson.parse(arguments.isBlank() ? "{}" : arguments)
            .filter(JsonNode::isObject)
            .orElseThrow(() -> new McpException("tool arguments are not a JSON object"));
    JsonNode result;
    try {
      result = mcp.callTool(serverId, tool, args, server.toolTimeout());
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    long cap =
        Math.min(
            ChatParams.maxToolOutputBytes(snapshot.params(), ChatParams.MAX_MCP_TOOL_OUTPUT_BYTES),
            server.maxToolOutputBytes() > 0 ? server.maxToolOutputBytes() : Long.MAX_VALUE);
    return truncate(SortedJson.string(result), cap);
  }

  private static String truncate(String text, long maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    int end = (int) maxBytes;
    // Cut on a character boundary so the tool message stays valid UTF-8.
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  private ChatReply complete(int fd, ChatSession.Snapshot snapshot, List<JsonNode> tools) {
    ChatRequest request = request(snapshot, tools);
    long start = System.nanoTime();
    ChatReply reply;
    try {
      reply = chat.complete(request);
    } catch (InterruptedException e) {
      throw interrupted(e);
    } catch (RuntimeException e) {
      // A broken router must not crash the guest's host call: the guest reads an error.
      reply = new ChatReply.Failed("", "Runtime error: " + e);
    }
    logReply(fd, reply, (System.nanoTime() - start) / 1_000_000);
    return reply;
  }

  /** The backend request of a session snapshot: messages, tools, pass-through parameters. */
  private ChatRequest request(ChatSession.Snapshot snapshot, List<JsonNode> tools) {
    Map<String, JsonNode> params = snapshot.params();
    ArrayNode messages = SortedJson.NODES.arrayNode();
    snapshot.messages().forEach(messages::add);
    ArrayNode toolArray = SortedJson.NODES.arrayNode();
    tools.forEach(toolArray::add);
    ObjectNode extra = SortedJson.NODES.objectNode();
    params.forEach(
        (k, v) -> {
          if (ChatParams.passesThrough(k)) {
            extra.set(k, v);
          }
        });
    List<String> features = new ArrayList<>();
    if (!tools.isEmpty() || !snapshot.tools().isEmpty()) {
      features.add("supports_tools");
    }
    JsonNode format = params.get(ChatParams.RESPONSE_FORMAT);
    if (format != null && "json_schema".equals(format.path("type").asText(null))) {
      features.add("supports_json_schema");
    }
    return new ChatRequest(
        ChatParams.string(params, ChatParams.MODEL).orElse(""),
        ChatParams.string(params, ChatParams.BACKEND),
        messages,
        toolArray,
        extra,
        features,
        ChatParams.unsigned(params, ChatParams.TIMEOUT_MS).stream()
            .mapToObj(Duration::ofMillis)
            .findFirst(),
        deadline);
  }

  private void logReply(int fd, ChatReply reply, long millis) {
    if (reply instanceof ChatReply.Completed c) {
      systemLog.accept(
          "cchat_send fd="
              + fd
              + " backend="
              + c.backend()
              + " model="
              + c.model()
              + " ok "
              + millis
              + "ms");
    } else if (reply instanceof ChatReply.Failed f) {
      systemLog.accept(
          "cchat_send fd="
              + fd
              + " backend="
              + (f.backend().isEmpty() ? "none" : f.backend())
              + " failed "
              + millis
              + "ms: "
              + f.message());
    }
  }

  private static ExecutionStopped interrupted(InterruptedException e) {
    // Keeps the flag: the execution is being stopped, and the guest must not carry on.
    return new ExecutionStopped("chat call interrupted", e);
  }

  private List<JsonNode> tools(ChatSession.Snapshot snapshot) {
    List<JsonNode> tools = new ArrayList<>();
    for (ChatSession.GuestTool tool : snapshot.tools()) {
      SortedJson.parse(tool.json()).ifPresent(tools::add);
    }
    McpSessionSettings settings = snapshot.mcp();
    if (!settings.effectivelyEnabled()) {
      return tools;
    }
    for (String serverId : settings.serverIds) {
      Optional<McpServerView> server = mcp.server(serverId);
      if (server.isEmpty() || server.get().allowedTools().isEmpty()) {
        continue;
      }
      List<JsonNode> offered;
      try {
        offered = mcp.listTools(serverId, server.get().toolTimeout());
      } catch (McpException e) {
        systemLog.accept("mcp tools/list of " + serverId + " failed: " + e.getMessage());
        continue;
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
      for (JsonNode t : offered) {
        String name = t.path("name").asText("");
        if (name.isEmpty() || settings.denial(server.get().allowedTools(), name).isPresent()) {
          continue;
        }
        JsonNode schema = t.has("inputSchema") ? t.get("inputSchema") : t.get("input_schema");
        ObjectNode def = SortedJson.NODES.objectNode();
        def.put("type", "function");
        ObjectNode function = def.putObject("function");
        function.put("name", McpSessionSettings.toolName(serverId, name));
        function.put("description", t.path("description").asText(""));
        if (schema != null) {
          function.set("parameters", schema);
        } else {
          function.putObject("parameters").put("type", "object");
        }
        tools.add(def);
      }
    }
    return tools;
  }

  private static Map<String, Integer> guestToolOffsets(List<ChatSession.GuestTool> tools) {
    Map<String, Integer> offsets = new HashMap<>();
    for (ChatSession.GuestTool tool : tools) {
      Optional<JsonNode> json = SortedJson.parse(tool.json());
      if (json.isEmpty()) {
        continue;
      }
      JsonNode name = json.get().path("function").path("name");
      if (!name.isTextual()) {
        name = json.get().path("name");
      }
      if (name.isTextual() && !name.asText().isEmpty()) {
        offsets.putIfAbsent(name.asText(), tool.fnOffset());
      }
    }
    return offsets;
  }

  private ChatSession session(int fd) {
    return fds.open(fd, CHAT_SESSION, ChatSession.class)
        .map(FdEntry::state)
        .orElseThrow(() -> new HostCallError(Errno.EBADF));
  }

  private ChatResponse response(int fd) {
    return fds.open(fd, CHAT_RESPONSE, ChatResponse.class)
        .map(FdEntry::state)
        .orElseThrow(() -> new HostCallError(Errno.EBADF));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(
        v -> {
          if (v.isTextual()) {
            out.add(v.asText());
          }
        });
    return out;
  }
}
