package io.spear.ai.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.spear.support.net.ShownUrl;
import java.util.List;

/**
 * A usable backend as {@code GET /api/v1/backends} lists it: its configuration without secrets.
 *
 * @param name the backend name
 * @param kind its protocol
 * @param baseUrl where it listens, without user info, query or fragment (they may hold secrets)
 * @param hosting {@code local} or {@code remote}
 * @param model the model it is bound to, or null
 * @param weight its routing weight
 * @param priority its configured priority
 * @param ops operations it serves
 * @param features its capabilities
 * @param transports its transports
 * @param authenticated whether requests carry an API key
 */
public record BackendInfo(
    String name,
    String kind,
    @JsonProperty("base_url") String baseUrl,
    String hosting,
    String model,
    int weight,
    int priority,
    List<String> ops,
    List<String> features,
    List<String> transports,
    boolean authenticated) {

  /** Drops the secrets a configured URL may carry. */
  public BackendInfo {
    baseUrl = ShownUrl.of(baseUrl);
  }
}
