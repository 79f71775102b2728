package io.spear.runtime;

import io.spear.model.net.BearerToken;
import java.util.Objects;

/**
 * What the node's operator decided about trust, which no task can widen.
 *
 * @param smsToken the token the node presents to SMS (module downloads, the MCP registry)
 */
public record NodeSecurity(BearerToken smsToken) {

  /** No token. */
  public static final NodeSecurity NONE = new NodeSecurity(BearerToken.NONE);

  /** Checks the parts. */
  public NodeSecurity {
    Objects.requireNonNull(smsToken, "smsToken");
  }

  /** A copy presenting {@code value} to SMS. */
  public NodeSecurity withSmsToken(BearerToken value) {
    return new NodeSecurity(value);
  }
}
