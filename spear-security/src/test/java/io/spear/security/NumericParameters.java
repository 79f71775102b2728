package io.spear.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The numbers an OpenAPI document lets a caller send: every {@code integer} or {@code number}
 * parameter in a path or query, and every such field of a JSON request body (nested objects and
 * array items included), with the 5xx statuses the operation documents.
 */
final class NumericParameters {

  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
  private static final int MAX_DEPTH = 6;

  /** Where a number goes. */
  enum Location {
    PATH,
    QUERY,
    BODY
  }

  /**
   * One number a caller may send.
   *
   * @param method the HTTP method
   * @param path the path template
   * @param location where the number goes
   * @param name the parameter's name, or the body field's JSON pointer ({@code /lines/0/ts_ms})
   * @param documented5xx the 5xx statuses the operation documents
   */
  record Target(
      String method, String path, Location location, String name, Set<Integer> documented5xx) {

    String operation() {
      return method + " " + path;
    }
  }

  private NumericParameters() {}

  /** Every numeric target of the document. */
  static List<Target> of(JsonNode document) {
    List<Target> targets = new ArrayList<>();
    document
        .get("paths")
        .properties()
        .forEach(
            path -> {
              JsonNode item = path.getValue();
              item.properties()
                  .forEach(
                      op -> {
                        if (METHODS.contains(op.getKey())) {
                          collect(
                              document,
                              op.getKey().toUpperCase(Locale.ROOT),
                              path.getKey(),
                              item.path("parameters"),
                              op.getValue(),
                              targets);
                        }
                      });
            });
    return targets;
  }

  private static void collect(
      JsonNode document,
      String method,
      String path,
      JsonNode pathParameters,
      JsonNode operation,
      List<Target> targets) {
    Set<Integer> documented = new TreeSet<>();
    operation
        .path("responses")
        .fieldNames()
        .forEachRemaining(
            code -> {
              if (code.startsWith("5")) {
                documented.add(Integer.parseInt(code));
              }
            });
    List<JsonNode> parameters = new ArrayList<>();
    pathParameters.forEach(parameters::add);
    operation.path("parameters").forEach(parameters::add);
    for (JsonNode raw : parameters) {
      JsonNode parameter = resolve(document, raw);
      String in = parameter.path("in").asText();
      if ((in.equals("query") || in.equals("path"))
          && numeric(resolve(document, parameter.path("schema")))) {
        Location location = in.equals("query") ? Location.QUERY : Location.PATH;
        targets.add(
            new Target(method, path, location, parameter.path("name").asText(), documented));
      }
    }
    JsonNode schema =
        operation.path("requestBody").path("content").path("application/json").path("schema");
    List<String> pointers = new ArrayList<>();
    fields(document, schema, "", 0, pointers);
    pointers.forEach(p -> targets.add(new Target(method, path, Location.BODY, p, documented)));
  }

  private static void fields(
      JsonNode document, JsonNode raw, String pointer, int depth, List<String> pointers) {
    if (raw.isMissingNode() || depth > MAX_DEPTH) {
      return;
    }
    JsonNode schema = resolve(document, raw);
    if (numeric(schema)) {
      pointers.add(pointer);
      return;
    }
    schema.path("allOf").forEach(part -> fields(document, part, pointer, depth + 1, pointers));
    schema
        .path("properties")
        .properties()
        .forEach(
            p -> fields(document, p.getValue(), pointer + "/" + p.getKey(), depth + 1, pointers));
    if (schema.path("type").asText().equals("array")) {
      fields(document, schema.path("items"), pointer + "/0", depth + 1, pointers);
    }
  }

  private static boolean numeric(JsonNode schema) {
    String type = schema.path("type").asText();
    return type.equals("integer") || type.equals("number");
  }

  /** Follows a local {@code $ref} ({@code #/components/...}). */
  static JsonNode resolve(JsonNode document, JsonNode node) {
    JsonNode current = node;
    for (int i = 0; i < 8 && current.has("$ref"); i++) {
      current = document.at(current.get("$ref").asText().substring(1));
    }
    return current;
  }
}
