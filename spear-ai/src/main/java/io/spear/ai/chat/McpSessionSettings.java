package io.spear.ai.chat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** A chat session's MCP settings and the tool filters and names SPEAR applies. */
final class McpSessionSettings {

  static final String NAME_PREFIX = "mcp__";
  static final String DOT_PREFIX = "mcp.";

  boolean enabled;
  List<String> serverIds = new ArrayList<>();
  List<String> taskAllowlist = new ArrayList<>();
  List<String> taskDenylist = new ArrayList<>();
  List<String> allowlist = new ArrayList<>();
  List<String> denylist = new ArrayList<>();

  McpSessionSettings copy() {
    McpSessionSettings c = new McpSessionSettings();
    c.enabled = enabled;
    c.serverIds = new ArrayList<>(serverIds);
    c.taskAllowlist = new ArrayList<>(taskAllowlist);
    c.taskDenylist = new ArrayList<>(taskDenylist);
    c.allowlist = new ArrayList<>(allowlist);
    c.denylist = new ArrayList<>(denylist);
    return c;
  }

  boolean effectivelyEnabled() {
    return enabled && !serverIds.isEmpty();
  }

  /** Why the tool may not be used, or empty when every policy allows it. */
  Optional<String> denial(List<String> serverAllowed, String tool) {
    if (serverAllowed.isEmpty() || !matchesAny(serverAllowed, tool)) {
      return Optional.of("mcp tool denied by server policy");
    }
    if (!taskAllowlist.isEmpty() && !matchesAny(taskAllowlist, tool)) {
      return Optional.of("mcp tool denied by task allowlist");
    }
    if (matchesAny(taskDenylist, tool)) {
      return Optional.of("mcp tool denied by task denylist");
    }
    if (!allowlist.isEmpty() && !matchesAny(allowlist, tool)) {
      return Optional.of("mcp tool denied by session allowlist");
    }
    if (matchesAny(denylist, tool)) {
      return Optional.of("mcp tool denied by session denylist");
    }
    return Optional.empty();
  }

  static boolean matchesAny(List<String> patterns, String name) {
    for (String pattern : patterns) {
      if (glob(pattern, name)) {
        return true;
      }
    }
    return false;
  }

  /** Glob with {@code *} as the only wildcard. */
  static boolean glob(String pattern, String name) {
    String[] parts = pattern.split("\\*", -1);
    if (parts.length == 1) {
      return pattern.equals(name);
    }
    if (!name.startsWith(parts[0])) {
      return false;
    }
    int at = parts[0].length();
    for (int i = 1; i < parts.length - 1; i++) {
      int found = name.indexOf(parts[i], at);
      if (found < 0) {
        return false;
      }
      at = found + parts[i].length();
    }
    String last = parts[parts.length - 1];
    return name.length() - at >= last.length() && name.endsWith(last);
  }

  /** The name a model sees: {@code mcp__<b64url(server)>__<b64url(tool)>}, without padding. */
  static String toolName(String serverId, String tool) {
    return NAME_PREFIX + token(serverId) + "__" + token(tool);
  }

  /** The server id and tool of a namespaced name, or empty when it is not one. */
  static Optional<String[]> parseToolName(String name) {
    if (name.startsWith(NAME_PREFIX)) {
      String rest = name.substring(NAME_PREFIX.length());
      int split = rest.indexOf("__");
      if (split <= 0 || split + 2 >= rest.length()) {
        return Optional.empty();
      }
      try {
        String server = decode(rest.substring(0, split));
        String tool = decode(rest.substring(split + 2));
        return server.isEmpty() || tool.isEmpty()
            ? Optional.empty()
            : Optional.of(new String[] {server, tool});
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    String rest = name.startsWith(DOT_PREFIX) ? name.substring(DOT_PREFIX.length()) : name;
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new String[] {rest.substring(0, dot), rest.substring(dot + 1)});
  }

  private static String token(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String s) {
    return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
  }
}
