package io.spear.model.api;

import java.util.List;

/**
 * The answer of {@code GET /api/v1/secrets}: names and times, never values.
 *
 * @param success always true
 * @param keyConfigured whether SMS holds a secrets key (without one it keeps no secrets)
 * @param secrets the secrets, by name
 */
public record SecretList(boolean success, boolean keyConfigured, List<Secret> secrets) {

  /** Copies the list. */
  public SecretList {
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
  }

  /**
   * One secret, without its value.
   *
   * @param name its name, referred to as {@code ${secret:NAME}}
   * @param allowedHosts egress entries the host may send it to
   * @param createdAtMs when it was first created, epoch milliseconds
   * @param updatedAtMs when it last changed, epoch milliseconds
   */
  public record Secret(String name, List<String> allowedHosts, long createdAtMs, long updatedAtMs) {

    /** Copies the list. */
    public Secret {
      allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }
  }
}
