package io.spear.ai.config;

import java.util.Objects;

/**
 * A named API key, read from an environment variable when the node starts; the key itself is never
 * part of the config.
 *
 * @param name what backends refer to in {@code credential_ref}
 * @param kind where the key comes from; only {@code env}
 * @param apiKeyEnv the environment variable holding the key
 */
public record CredentialSpec(String name, String kind, String apiKeyEnv) {

  /** Checks required values. */
  public CredentialSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
  }
}
