package io.spear.model.api;

/**
 * The answer to {@code POST /api/v1/nodes}.
 *
 * @param success always true
 * @param nodeUuid the id SMS assigned
 * @param message a human confirmation
 * @param forwardingSecret the secret SMS will present to this node, and only to it, when it
 *     forwards invocations, status and cancel requests and streams there (new at every
 *     registration; null from an SMS that gives none)
 */
public record NodeRegistered(
    boolean success, String nodeUuid, String message, String forwardingSecret) {

  /** An answer without a secret. */
  public NodeRegistered(boolean success, String nodeUuid, String message) {
    this(success, nodeUuid, message, null);
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "NodeRegistered[success="
        + success
        + ", nodeUuid="
        + nodeUuid
        + ", message="
        + message
        + ", forwardingSecret="
        + (forwardingSecret == null ? "none" : "***")
        + "]";
  }
}
