package io.spear.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.json.SortedJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a task's config allows its guests to do with MCP, read from the keys SPEAR's Web Admin
 * writes: {@code mcp.enabled}, {@code mcp.default_server_ids}, {@code mcp.allowed_server_ids}
 * (defaults to the default list), {@code mcp.tool_allowlist}, {@code mcp.tool_denylist}. Lists are
 * JSON arrays or comma-separated.
 *
 * @param enabled whether guests may enable MCP at all
 * @param defaultServerIds servers a new session starts with
 * @param allowedServerIds servers a guest may ask for
 * @param toolAllowlist tool patterns the task allows (empty allows all)
 * @param toolDenylist tool patterns the task denies
 */
public record McpTaskPolicy(
    boolean enabled,
    List<String> defaultServerIds,
    List<String> allowedServerIds,
    List<String> toolAllowlist,
    List<String> toolDenylist) {

  /** Task config keys. */
  public static final String ENABLED = "mcp.enabled";

  /** Task config key of the servers a session starts with. */
  public static final String DEFAULT_SERVER_IDS = "mcp.default_server_ids";

  /** Task config key of the servers a guest may ask for. */
  public static final String ALLOWED_SERVER_IDS = "mcp.allowed_server_ids";

  /** Task config key of the allowed tool patterns. */
  public static final String TOOL_ALLOWLIST = "mcp.tool_allowlist";

  /** Task config key of the denied tool patterns. */
  public static final String TOOL_DENYLIST = "mcp.tool_denylist";

  /** Copies the lists. */
  public McpTaskPolicy {
    defaultServerIds = List.copyOf(defaultServerIds);
    allowedServerIds = List.copyOf(allowedServerIds);
    toolAllowlist = List.copyOf(toolAllowlist);
    toolDenylist = List.copyOf(toolDenylist);
  }

  /** The policy of a task config map. */
  public static McpTaskPolicy of(Map<String, String> taskConfig) {
    boolean enabled =
        Optional.ofNullable(taskConfig.get(ENABLED)).flatMap(McpTaskPolicy::bool).orElse(false);
    List<String> defaults = list(taskConfig.get(DEFAULT_SERVER_IDS));
    List<String> allowed =
        taskConfig.containsKey(ALLOWED_SERVER_IDS)
            ? list(taskConfig.get(ALLOWED_SERVER_IDS))
            : defaults;
    return new McpTaskPolicy(
        enabled,
        defaults,
        allowed,
        list(taskConfig.get(TOOL_ALLOWLIST)),
        list(taskConfig.get(TOOL_DENYLIST)));
  }

  /** The servers a new session starts with: the defaults that are allowed, without repeats. */
  List<String> sessionDefaults() {
    if (!enabled) {
      return List.of();
    }
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (String id : defaultServerIds) {
      if (!id.isEmpty() && allowedServerIds.contains(id)) {
        ids.add(id);
      }
    }
    return List.copyOf(ids);
  }

  /** Whether a guest may ask for every one of these servers. */
  boolean allows(List<String> serverIds) {
    return serverIds.stream().allMatch(id -> id.isEmpty() || allowedServerIds.contains(id));
  }

  private static Optional<Boolean> bool(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "y", "on" -> Optional.of(true);
      case "false", "0", "no", "n", "off" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    Optional<JsonNode> json = SortedJson.parse(value.trim());
    if (json.isPresent() && json.get().isArray()) {
      boolean allStrings = true;
      for (JsonNode item : json.get()) {
        allStrings &= item.isTextual();
      }
      if (allStrings) {
        json.get().forEach(item -> addTrimmed(out, item.asText()));
        return out;
      }
    }
    for (String part : value.split(",")) {
      addTrimmed(out, part);
    }
    return out;
  }

  private static void addTrimmed(List<String> out, String s) {
    String t = s.trim();
    if (!t.isEmpty()) {
      out.add(t);
    }
  }
}
