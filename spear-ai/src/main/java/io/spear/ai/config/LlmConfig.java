package io.spear.ai.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code llm:} section of a node's config.
 *
 * @param credentials named API keys from environment variables
 * @param backends the chat backends
 * @param defaultPolicy how one of several fitting backends is picked; only {@code weighted_random}
 */
public record LlmConfig(
    List<CredentialSpec> credentials, List<BackendSpec> backends, String defaultPolicy) {

  /** No backends at all. */
  public static final LlmConfig EMPTY = new LlmConfig(List.of(), List.of(), "weighted_random");

  /** Copies the lists. */
  public LlmConfig {
    credentials = List.copyOf(credentials);
    backends = List.copyOf(backends);
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
  }
}
