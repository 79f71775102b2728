package io.spear.sms.node;

import io.spear.support.net.BearerToken;
import java.util.Map;
import java.util.Objects;

/**
 * What a node says about itself when it registers.
 *
 * @param ipAddress where it can be reached
 * @param port its legacy/gRPC port
 * @param httpPort its HTTP port
 * @param metadata free key/value pairs
 * @param forwarding the secret SMS generated for this registration, to present to the node
 */
public record NodeRegistration(
    String ipAddress,
    int port,
    int httpPort,
    Map<String, String> metadata,
    BearerToken forwarding) {

  /** Checks the parts. */
  public NodeRegistration {
    Objects.requireNonNull(forwarding, "forwarding");
  }

  /** A registration without a forwarding secret. */
  public NodeRegistration(String ipAddress, int port, int httpPort, Map<String, String> metadata) {
    this(ipAddress, port, httpPort, metadata, BearerToken.NONE);
  }
}
