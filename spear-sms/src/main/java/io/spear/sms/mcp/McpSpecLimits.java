package io.spear.sms.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.error.InvalidRequestException;
import java.util.Map;

/**
 * The shape and sizes an MCP server document may have, checked on its JSON tree before it is read
 * into a spec: every list and map bounded, every string bounded, and the string maps ({@code env},
 * {@code headers}) holding strings only, not numbers that would be quietly turned into text.
 */
final class McpSpecLimits {

  /** The most items in a list or entries in a map. */
  static final int MAX_ITEMS = 256;

  /** The longest string anywhere in the document. */
  static final int MAX_TEXT = 8 * 1024;

  private McpSpecLimits() {}

  /** The tree, if it fits. */
  static JsonNode check(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new InvalidRequestException("invalid MCP server: the document must be an object");
    }
    texts(tree, "");
    JsonNode stdio = tree.path("stdio");
    list(stdio, "args", "stdio.args");
    stringMap(stdio, "env", "stdio.env");
    stringMap(tree.path("http"), "headers", "http.headers");
    list(tree, "allowed_tools", "allowed_tools");
    return tree;
  }

  private static void list(JsonNode parent, String field, String label) {
    JsonNode node = parent.path(field);
    if (node.isArray() && node.size() > MAX_ITEMS) {
      throw new InvalidRequestException(
          label + " may hold at most " + MAX_ITEMS + " items but held " + node.size());
    }
  }

  private static void stringMap(JsonNode parent, String field, String label) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new InvalidRequestException(label + " must be an object of strings");
    }
    if (node.size() > MAX_ITEMS) {
      throw new InvalidRequestException(
          label + " may hold at most " + MAX_ITEMS + " entries but held " + node.size());
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new InvalidRequestException(
            label + "." + e.getKey() + " must be a string but was " + e.getValue());
      }
    }
  }

  /** Every string (names and values) at most {@link #MAX_TEXT} characters. */
  private static void texts(JsonNode node, String path) {
    if (node.isTextual() && node.asText().length() > MAX_TEXT) {
      throw new InvalidRequestException(
          (path.isEmpty() ? "a value" : path)
              + " may be at most "
              + MAX_TEXT
              + " characters but was "
              + node.asText().length());
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        texts(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (e.getKey().length() > MAX_TEXT) {
          throw new InvalidRequestException(
              "a field name may be at most " + MAX_TEXT + " characters");
        }
        texts(e.getValue(), child);
      }
    }
  }
}
