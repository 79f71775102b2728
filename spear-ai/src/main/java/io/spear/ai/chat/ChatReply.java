package io.spear.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** What a chat router answers: a backend's response, or why there is none. */
public sealed interface ChatReply {

  /**
   * A backend answered.
   *
   * @param backend the name of the backend that served the request
   * @param model the model the request was sent with (the backend's default when the guest set
   *     none)
   * @param body the backend's response, an OpenAI chat completion object
   */
  record Completed(String backend, String model, JsonNode body) implements ChatReply {
    /** Checks required values. */
    public Completed {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * No backend fits the request, or the chosen one failed; the guest reads {@code
   * {"error":{"message":...}}}.
   *
   * @param backend the backend that failed, empty when none was chosen
   * @param message what went wrong, never containing a secret
   */
  record Failed(String backend, String message) implements ChatReply {
    /** Checks required values. */
    public Failed {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(message, "message");
    }
  }
}
