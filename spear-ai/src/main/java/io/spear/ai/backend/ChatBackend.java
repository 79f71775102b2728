package io.spear.ai.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.chat.ChatRequest;
import java.time.Duration;

/** One configured backend's protocol. */
public interface ChatBackend {

  /**
   * Sends the request with {@code model} and returns an OpenAI chat completion object.
   *
   * @param timeout how long the call may take at most
   * @throws BackendException when the backend cannot be reached or answers with an error
   * @throws InterruptedException when the calling execution is stopped
   */
  JsonNode complete(ChatRequest request, String model, Duration timeout)
      throws BackendException, InterruptedException;
}
