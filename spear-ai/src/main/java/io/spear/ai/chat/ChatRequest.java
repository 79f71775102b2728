package io.spear.ai.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat completion request, as a guest's session describes it.
 *
 * @param model the requested model; empty lets the chosen backend's model apply
 * @param backend the exact backend name the guest asked for, if any
 * @param messages the conversation, OpenAI chat message objects
 * @param tools the tool definitions, OpenAI function tool objects; may be empty
 * @param extraParams every non-structural session parameter, copied verbatim into the request body
 * @param requiredFeatures backend features the request needs ({@code supports_tools}, ...)
 * @param timeout the guest's {@code timeout_ms} for this HTTP call, if it set one
 * @param deadline when the execution's own time runs out; no call may outlive it
 */
public record ChatRequest(
    String model,
    Optional<String> backend,
    ArrayNode messages,
    ArrayNode tools,
    ObjectNode extraParams,
    List<String> requiredFeatures,
    Optional<Duration> timeout,
    Instant deadline) {

  /** Checks required values and copies the feature list. */
  public ChatRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(tools, "tools");
    Objects.requireNonNull(extraParams, "extraParams");
    requiredFeatures = List.copyOf(requiredFeatures);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(deadline, "deadline");
  }
}
