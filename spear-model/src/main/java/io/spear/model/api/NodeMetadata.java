package io.spear.model.api;

import java.time.Duration;

/** The metadata keys a Spearlet registers with and SMS reads, each named once. */
public final class NodeMetadata {

  /** The runtimes the node offers ({@code wasm}), comma-separated. */
  public static final String RUNTIMES = "runtimes";

  /** The runtime's capabilities, comma-separated. */
  public static final String CAPABILITIES = "capabilities";

  /** How long the node lets an invocation that names no limit run, in milliseconds. */
  public static final String DEFAULT_TIMEOUT_MS = "default_timeout_ms";

  /** {@code https} when the node serves TLS, else {@code http}. */
  public static final String HTTP_SCHEME = "http_scheme";

  /** The node's LLM backends, a JSON array without secrets. */
  public static final String LLM_BACKENDS = "llm_backends";

  /**
   * The time limit of an invocation when neither the request nor the node's configuration names
   * one, also SMS's assumption for a node that registered no {@link #DEFAULT_TIMEOUT_MS}.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private NodeMetadata() {}
}
