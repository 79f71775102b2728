package io.spear.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The session parameters the host reads itself, as SPEAR names them; all others go to the body. */
final class ChatParams {

  static final String MODEL = "model";
  static final String BACKEND = "backend";
  static final String TIMEOUT_MS = "timeout_ms";
  static final String RESPONSE_FORMAT = "response_format";
  static final String TOOL_ARENA_PTR = "tool_arena_ptr";
  static final String TOOL_ARENA_LEN = "tool_arena_len";
  static final String MAX_TOOL_OUTPUT_BYTES = "max_tool_output_bytes";
  static final String MAX_TOTAL_TOOL_CALLS = "max_total_tool_calls";
  static final String MAX_TOOL_CALLS = "max_tool_calls";
  static final String MAX_ITERATIONS = "max_iterations";
  static final String MCP_PREFIX = "mcp.";

  static final long DEFAULT_MAX_TOOL_OUTPUT_BYTES = 64 * 1024;
  static final long MAX_WASM_TOOL_OUTPUT_BYTES = 1024 * 1024;
  static final long MAX_MCP_TOOL_OUTPUT_BYTES = 10 * 1024 * 1024;
  static final long DEFAULT_MAX_TOTAL_TOOL_CALLS = 32;
  static final long MAX_MAX_TOTAL_TOOL_CALLS = 10_000;
  static final long DEFAULT_MAX_ITERATIONS = 8;
  static final long MAX_MAX_ITERATIONS = 128;

  private static final Set<String> STRUCTURAL =
      Set.of(
          MODEL,
          BACKEND,
          TIMEOUT_MS,
          "messages",
          "tools",
          TOOL_ARENA_PTR,
          TOOL_ARENA_LEN,
          MAX_TOOL_OUTPUT_BYTES,
          MAX_TOTAL_TOOL_CALLS,
          MAX_TOOL_CALLS,
          MAX_ITERATIONS);

  private ChatParams() {}

  /** Whether the key is copied into the request body. */
  static boolean passesThrough(String key) {
    return !STRUCTURAL.contains(key) && !key.startsWith(MCP_PREFIX);
  }

  /** A string parameter; a non-string value counts as absent, as in SPEAR. */
  static Optional<String> string(Map<String, JsonNode> params, String key) {
    JsonNode value = params.get(key);
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  /** A non-negative integer parameter (SPEAR's {@code as_u64}). */
  static OptionalLong unsigned(Map<String, JsonNode> params, String key) {
    JsonNode value = params.get(key);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      return OptionalLong.empty();
    }
    long v = value.asLong();
    return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /** A signed integer parameter (SPEAR's {@code as_i64}), 0 when absent. */
  static long signed(Map<String, JsonNode> params, String key) {
    JsonNode value = params.get(key);
    return value != null && value.isIntegralNumber() ? value.asLong() : 0;
  }

  static long maxIterations(Map<String, JsonNode> params) {
    return Math.min(
        unsigned(params, MAX_ITERATIONS).orElse(DEFAULT_MAX_ITERATIONS), MAX_MAX_ITERATIONS);
  }

  static long maxTotalToolCalls(Map<String, JsonNode> params) {
    OptionalLong value = unsigned(params, MAX_TOTAL_TOOL_CALLS);
    if (value.isEmpty()) {
      value = unsigned(params, MAX_TOOL_CALLS);
    }
    return Math.min(value.orElse(DEFAULT_MAX_TOTAL_TOOL_CALLS), MAX_MAX_TOTAL_TOOL_CALLS);
  }

  static long maxToolOutputBytes(Map<String, JsonNode> params, long cap) {
    return Math.min(
        unsigned(params, MAX_TOOL_OUTPUT_BYTES).orElse(DEFAULT_MAX_TOOL_OUTPUT_BYTES), cap);
  }
}
