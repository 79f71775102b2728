package io.spear.ai.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON as SPEAR's host writes it: compact, object keys sorted at every level. Guests search
 * responses with {@code strstr} for fragments such as {@code "backend":"}, so the exact bytes
 * matter.
 */
public final class SortedJson {

  /** The mapper for parsing; its output is never sent to a guest unsorted. */
  public static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** Creates nodes. */
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SortedJson() {}

  /** The compact, key-sorted bytes of {@code node}. */
  public static byte[] bytes(JsonNode node) {
    return string(node).getBytes(StandardCharsets.UTF_8);
  }

  /** The compact, key-sorted text of {@code node}. */
  public static String string(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree cannot fail to serialise", e);
    }
  }

  /** A copy of {@code node} with the keys of every object in sorted order. */
  public static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      fields.sort(Map.Entry.comparingByKey());
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<String, JsonNode> field : fields) {
        out.set(field.getKey(), sorted(field.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }

  /** The JSON in {@code bytes}, or empty when it is not JSON. */
  public static Optional<JsonNode> parse(byte[] bytes) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      return Optional.ofNullable(node).filter(n -> !n.isMissingNode());
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** The JSON in {@code text}, or empty when it is not JSON. */
  public static Optional<JsonNode> parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"error":{"message":...}}}. */
  public static ObjectNode error(String message) {
    ObjectNode body = NODES.objectNode();
    body.putObject("error").put("message", message);
    return body;
  }

  /** {@code {"error":{"code":...,"message":...}}}. */
  public static ObjectNode error(String code, String message) {
    ObjectNode body = NODES.objectNode();
    body.putObject("error").put("code", code).put("message", message);
    return body;
  }
}
