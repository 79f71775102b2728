package io.spear.ai.chat;

/** Sends chat requests to a backend it chooses; one instance serves every execution of a node. */
public interface ChatRouter {

  /**
   * Sends the request and waits for the answer, at most until its deadline or timeout.
   *
   * @throws InterruptedException when the execution is stopped while it waits
   */
  ChatReply complete(ChatRequest request) throws InterruptedException;

  /** A router without backends: every request fails as SPEAR's does when none is configured. */
  static ChatRouter none() {
    return request ->
        new ChatReply.Failed(
            "",
            "Operation not supported: no candidate backend: op=ChatCompletions"
                + " required_features="
                + request.requiredFeatures()
                + " backends=[] (add a backend under llm: in the node's --config YAML)");
  }
}
