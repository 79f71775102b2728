package io.spear.host.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets one execution may name in {@code http_call} header values, looked up by name when a
 * call names them; the values stay on the host.
 */
@FunctionalInterface
public interface HeaderSecrets {

  /** An execution that may use no secret. */
  HeaderSecrets NONE = name -> Optional.empty();

  /** The secret called {@code name}, if this execution may use it. */
  Optional<Secret> find(String name);

  /** A fixed set of secrets, by name (for tests and embedding). */
  static HeaderSecrets of(Map<String, Secret> secrets) {
    Map<String, Secret> copy = Map.copyOf(secrets);
    return name -> Optional.ofNullable(copy.get(name));
  }

  /**
   * A secret's value and the egress entries it may be sent to.
   *
   * @param value the value substituted into the header
   * @param allowedHosts egress entries (as {@code egress.allow} writes them); empty: nowhere
   */
  record Secret(String value, List<String> allowedHosts) {

    /** Copies the hosts. */
    public Secret {
      allowedHosts = List.copyOf(allowedHosts);
    }

    @Override
    public String toString() {
      return "Secret[allowed_hosts=" + allowedHosts + "]";
    }
  }
}
