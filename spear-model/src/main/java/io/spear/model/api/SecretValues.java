package io.spear.model.api;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /api/v1/secrets/resolve}, for a node only: the values of the secrets a
 * task refers to, by name.
 *
 * @param success always true
 * @param values the values, by secret name
 * @param allowedHosts for secrets named by an execution's {@code http_call} headers: the egress
 *     entries each may be sent to
 */
public record SecretValues(
    boolean success, Map<String, String> values, Map<String, List<String>> allowedHosts) {

  /** Copies the maps. */
  public SecretValues {
    values = values == null ? Map.of() : Map.copyOf(values);
    allowedHosts = allowedHosts == null ? Map.of() : Map.copyOf(allowedHosts);
  }

  // Records print their components; these must never reach a log line.
  @Override
  public String toString() {
    return "SecretValues" + values.keySet();
  }
}
