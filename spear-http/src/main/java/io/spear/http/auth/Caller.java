package io.spear.http.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request, as its token says.
 *
 * @param name the token's name in the token file (never the token itself)
 * @param role what the token may do
 * @param node for a node token bound in the token file ({@code node: <uuid>}), the only node it may
 *     register and act as
 */
public record Caller(String name, Role role, Optional<String> node) {

  /** Checks the parts. */
  public Caller {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(node, "node");
  }

  /** A caller bound to no node. */
  public Caller(String name, Role role) {
    this(name, role, Optional.empty());
  }
}
