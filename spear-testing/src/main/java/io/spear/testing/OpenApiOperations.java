package io.spear.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The operations an OpenAPI document lists, as {@code METHOD /path} strings. */
public final class OpenApiOperations {

  private static final Set<String> METHODS =
      Set.of("get", "post", "put", "delete", "patch", "head", "options");

  private OpenApiOperations() {}

  /** Every {@code METHOD path} pair under {@code paths} of the document. */
  public static Set<String> of(JsonNode document) {
    Set<String> operations = new HashSet<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              method -> {
                if (METHODS.contains(method)) {
                  operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
              });
    }
    return operations;
  }
}
