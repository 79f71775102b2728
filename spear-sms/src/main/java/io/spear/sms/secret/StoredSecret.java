package io.spear.sms.secret;

import java.util.List;

/**
 * A secret as stored: its value only sealed.
 *
 * @param name the secret's name
 * @param sealed the value sealed by {@link SecretsKey#seal}
 * @param allowedHosts egress entries the value may be sent to by the host (empty: any the policy
 *     allows)
 * @param createdAt epoch milliseconds of its first creation
 * @param updatedAt epoch milliseconds of its last change
 */
public record StoredSecret(
    String name, String sealed, List<String> allowedHosts, long createdAt, long updatedAt) {

  /** Copies the host list. */
  public StoredSecret {
    allowedHosts = List.copyOf(allowedHosts);
  }

  // The sealed value stays out of any log line that prints the record.
  @Override
  public String toString() {
    return "StoredSecret[" + name + "]";
  }
}
