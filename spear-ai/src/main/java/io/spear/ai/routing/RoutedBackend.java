package io.spear.ai.routing;

import io.spear.ai.backend.ChatBackend;
import io.spear.ai.config.BackendSpec;

/**
 * A configured backend ready to serve.
 *
 * @param spec its configuration
 * @param backend its protocol
 * @param authenticated whether it sends an API key
 */
public record RoutedBackend(BackendSpec spec, ChatBackend backend, boolean authenticated) {

  /** Its listing, without secrets. */
  public BackendInfo info() {
    return new BackendInfo(
        spec.name(),
        spec.kind(),
        spec.baseUrl(),
        spec.hosting(),
        spec.model().orElse(null),
        spec.weight(),
        spec.priority(),
        spec.ops(),
        spec.features(),
        spec.transports(),
        authenticated);
  }
}
