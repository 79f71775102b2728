package io.spear.model.api;

import java.util.Map;

/**
 * The answer of {@code POST /api/v1/secrets/resolve}, for a node only: the values of the secrets a
 * task refers to, by name.
 *
 * @param success always true
 * @param values the values, by secret name
 */
public record SecretValues(boolean success, Map<String, String> values) {

  /** Copies the map. */
  public SecretValues {
    values = values == null ? Map.of() : Map.copyOf(values);
  }

  // Records print their components; these must never reach a log line.
  @Override
  public String toString() {
    return "SecretValues" + values.keySet();
  }
}
