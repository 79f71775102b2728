package io.spear.http.auth;

import java.util.Objects;

/**
 * Who sent a request, as its token says.
 *
 * @param name the token's name in the token file (never the token itself)
 * @param role what the token may do
 */
public record Caller(String name, Role role) {

  /** Checks the parts. */
  public Caller {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
  }
}
