package io.spear.ai;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.config.LlmConfig;
import io.spear.ai.config.LlmConfigParser;
import io.spear.ai.mcp.McpProcessPolicy;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * A node's AI settings: its {@code llm:} and {@code mcp:} sections and the environment its API keys
 * come from.
 *
 * @param llm the LLM backends
 * @param mcpEnabled whether guests may use the MCP servers registered on SMS ({@code mcp.enabled},
 *     default true; tasks must still enable MCP in their config)
 * @param mcpRefresh how often the node re-reads the MCP registry from SMS ({@code
 *     mcp.registry_refresh_ms}, default 10 s)
 * @param mcpProcesses what the stdio MCP servers may run on this node and how ({@code
 *     mcp.allowed_commands}, {@code mcp.path}, {@code mcp.working_dir}, {@code mcp.run_as}, {@code
 *     mcp.pass_env}); by default none runs
 * @param environment the process environment (only variables named by credentials and MCP server
 *     env references are read)
 */
public record AiConfig(
    LlmConfig llm,
    boolean mcpEnabled,
    Duration mcpRefresh,
    McpProcessPolicy mcpProcesses,
    Map<String, String> environment) {

  /** No backends; MCP on with the default refresh, no command allowed. */
  public static final AiConfig NONE =
      new AiConfig(LlmConfig.EMPTY, true, Duration.ofSeconds(10), McpProcessPolicy.NONE, Map.of());

  /** Copies the environment. */
  public AiConfig {
    Objects.requireNonNull(llm, "llm");
    Objects.requireNonNull(mcpRefresh, "mcpRefresh");
    Objects.requireNonNull(mcpProcesses, "mcpProcesses");
    environment = Map.copyOf(environment);
  }

  /**
   * The settings of an {@code llm:} section (may be missing), with keys from {@code environment}.
   */
  public static AiConfig of(JsonNode llmSection, Map<String, String> environment) {
    return of(llmSection, null, environment);
  }

  /** The settings of the {@code llm:} and {@code mcp:} sections (either may be missing). */
  public static AiConfig of(
      JsonNode llmSection, JsonNode mcpSection, Map<String, String> environment) {
    LlmConfig llm;
    try {
      llm = LlmConfigParser.parse(llmSection);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid llm config: " + e.getMessage(), e);
    }
    boolean enabled = true;
    Duration refresh = NONE.mcpRefresh();
    if (mcpSection != null && !mcpSection.isMissingNode() && !mcpSection.isNull()) {
      if (!mcpSection.isObject()) {
        throw new IllegalArgumentException("mcp must be a mapping");
      }
      Iterator<String> names = mcpSection.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        JsonNode v = mcpSection.get(name);
        switch (name) {
          case "enabled" -> {
            if (!v.isBoolean()) {
              throw new IllegalArgumentException("mcp.enabled must be true or false");
            }
            enabled = v.asBoolean();
          }
          case "registry_refresh_ms" -> {
            if (!v.canConvertToLong() || v.asLong() < 0) {
              throw new IllegalArgumentException("mcp.registry_refresh_ms must be a number >= 0");
            }
            refresh = Duration.ofMillis(v.asLong());
          }
          default -> {
            if (!McpProcessPolicy.KEYS.contains(name)) {
              throw new IllegalArgumentException(
                  "mcp: unknown field "
                      + name
                      + "; known: enabled, registry_refresh_ms, "
                      + String.join(", ", new java.util.TreeSet<>(McpProcessPolicy.KEYS)));
            }
          }
        }
      }
    }
    return new AiConfig(llm, enabled, refresh, McpProcessPolicy.of(mcpSection), environment);
  }
}
