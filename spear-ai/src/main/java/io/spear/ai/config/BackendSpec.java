package io.spear.ai.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured LLM backend, with SPEAR's field names.
 *
 * @param name the unique name guests may pick with the {@code backend} param
 * @param kind {@code openai_chat_completion}, {@code ollama_chat} or {@code stub}
 * @param baseUrl where the backend listens ({@code http://host:port/v1} for OpenAI-compatible
 *     servers); empty for {@code stub}
 * @param hosting {@code local} or {@code remote}
 * @param model the only model this backend serves, if it declares one
 * @param credentialRef the credential whose key is sent as a Bearer token, if any
 * @param weight the weight in weighted-random selection
 * @param priority reported only; SPEAR's routing does not use it
 * @param ops the operations served, e.g. {@code chat_completions}
 * @param features optional capabilities, e.g. {@code supports_tools}
 * @param transports e.g. {@code http}
 */
public record BackendSpec(
    String name,
    String kind,
    String baseUrl,
    String hosting,
    Optional<String> model,
    Optional<String> credentialRef,
    int weight,
    int priority,
    List<String> ops,
    List<String> features,
    List<String> transports) {

  /** Checks required values and copies the lists. */
  public BackendSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(hosting, "hosting");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(credentialRef, "credentialRef");
    ops = List.copyOf(ops);
    features = List.copyOf(features);
    transports = List.copyOf(transports);
  }
}
