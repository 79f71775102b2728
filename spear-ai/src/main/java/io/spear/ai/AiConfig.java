package io.spear.ai;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.config.LlmConfig;
import io.spear.ai.config.LlmConfigParser;
import java.util.Map;
import java.util.Objects;

/**
 * A node's AI settings: its {@code llm:} section and the environment its API keys come from.
 *
 * @param llm the LLM backends
 * @param environment the process environment (only variables named by credentials are read)
 */
public record AiConfig(LlmConfig llm, Map<String, String> environment) {

  /** No backends. */
  public static final AiConfig NONE = new AiConfig(LlmConfig.EMPTY, Map.of());

  /** Copies the environment. */
  public AiConfig {
    Objects.requireNonNull(llm, "llm");
    environment = Map.copyOf(environment);
  }

  /**
   * The settings of an {@code llm:} section (may be missing), with keys from {@code environment}.
   */
  public static AiConfig of(JsonNode llmSection, Map<String, String> environment) {
    try {
      return new AiConfig(LlmConfigParser.parse(llmSection), environment);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid llm config: " + e.getMessage(), e);
    }
  }
}
