package io.spear.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.bound.Bound;
import io.spear.model.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads fields of a JSON request body, refusing a wrong shape with an {@link
 * InvalidRequestException} that names the field (by its dotted {@code label}).
 */
public final class JsonFields {

  private JsonFields() {}

  /** The body as an object; a blank body is an empty object unless {@code required}. */
  public static JsonNode object(String raw, boolean required) {
    if (raw == null || raw.isBlank()) {
      if (required) {
        throw new InvalidRequestException("request body must be a JSON object");
      }
      return Json.mapper().createObjectNode();
    }
    JsonNode body;
    try {
      body = Json.mapper().readTree(raw);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidRequestException(
          "request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("request body must be a JSON object");
    }
    return body;
  }

  /** A string field; absent or null is empty unless {@code required}. */
  public static String text(JsonNode parent, String field, String label, boolean required) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidRequestException(label + " is required");
      }
      return "";
    }
    if (!node.isTextual()) {
      throw new InvalidRequestException(label + " must be a string");
    }
    return node.asText();
  }

  /** An integer field within bounds, if present. */
  public static Optional<Long> integer(
      JsonNode parent, String field, String label, long min, long max) {
    return new Bound(label, min, max).read(parent, field);
  }

  /**
   * The reason Jackson could not read a body into a record, naming the field at fault ({@code
   * executions[0].created_at_ms: Numeric value (...) out of range of long}).
   */
  public static String describe(com.fasterxml.jackson.core.JsonProcessingException e) {
    String reason = e.getOriginalMessage();
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m
        && !m.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
        if (r.getFieldName() != null) {
          path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          path.append('[').append(r.getIndex()).append(']');
        }
      }
      return path + ": " + reason;
    }
    return reason;
  }

  /** An array of strings; absent or null is empty. */
  public static List<String> strings(JsonNode parent, String field, String label) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new InvalidRequestException(label + " must be an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new InvalidRequestException(label + " must be an array of strings");
      }
      values.add(item.asText());
    }
    return values;
  }

  /**
   * An object of strings; absent or null is empty. SPEAR types these maps as string to string, so
   * numbers and booleans are kept as their text.
   */
  public static Map<String, String> stringMap(JsonNode parent, String field, String label) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new InvalidRequestException(label + " must be an object of strings");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode value = e.getValue();
      if (!value.isValueNode() || value.isNull()) {
        throw new InvalidRequestException(
            label + "." + e.getKey() + " must be a string, number or boolean");
      }
      values.put(e.getKey(), value.asText());
    }
    return values;
  }
}
