package io.spear.ai.mcp;

import io.spear.ai.chat.McpToolCaller.McpException;
import io.spear.model.mcp.McpServerSpec;
import io.spear.model.secret.SecretReferences;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code ${secret:NAME}} references of one MCP server's settings ({@code http.headers},
 * {@code stdio.env}) for a session about to open; the values are asked of {@link McpSecrets} then
 * and live only in what this returns.
 */
final class McpSecretFill {

  private static final Pattern SECRET = Pattern.compile("\\$\\{secret:([^}]*)}");

  private McpSecretFill() {}

  /**
   * {@code values} (the settings named {@code field} of {@code spec}, other references already
   * expanded) with every secret reference replaced by its value: never print the result.
   */
  static Map<String, String> fill(
      McpServerSpec spec, String field, Map<String, String> values, McpSecrets secrets)
      throws McpException {
    Set<String> names = names(spec.serverId(), field, values);
    Map<String, String> filled = new LinkedHashMap<>(values);
    if (names.isEmpty()) {
      return filled;
    }
    Map<String, String> resolved = secrets.resolve(spec, names);
    try {
      filled.putAll(SecretReferences.substitute(values, resolved));
    } catch (IllegalArgumentException e) {
      throw new McpException("mcp server " + spec.serverId() + ": " + e.getMessage());
    }
    return filled;
  }

  private static Set<String> names(String id, String field, Map<String, String> values)
      throws McpException {
    Set<String> names = new TreeSet<>();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      Matcher m = SECRET.matcher(entry.getValue());
      while (m.find()) {
        if (!SecretReferences.validName(m.group(1))) {
          throw new McpException(
              "mcp server "
                  + id
                  + ": "
                  + field
                  + "."
                  + entry.getKey()
                  + " refers to a secret with an invalid name");
        }
        names.add(m.group(1));
      }
    }
    return names;
  }
}
