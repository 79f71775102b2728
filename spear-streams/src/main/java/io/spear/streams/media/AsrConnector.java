package io.spear.streams.media;

/**
 * Opens realtime speech recognition sessions on a backend it chooses; one instance serves every
 * execution of a node.
 */
public interface AsrConnector {

  /**
   * Chooses a backend for the request and starts connecting to it; sends made before the connection
   * is open wait for it. Connection failures later reach {@code events}.
   *
   * @throws AsrUnavailableException when no configured backend fits the request
   */
  AsrLink connect(AsrRequest request, AsrEvents events) throws AsrUnavailableException;

  /** A connector without backends: every request fails as when none is configured. */
  static AsrConnector none() {
    return (request, events) -> {
      throw new AsrUnavailableException(
          "no candidate backend: op=SpeechToText required_transports=[\"websocket\"]"
              + request.backend().map(b -> " routing_backend=\"" + b + "\"").orElse("")
              + " backends=[] (configure an openai_realtime_ws backend in the node's llm"
              + " section)");
    };
  }
}
