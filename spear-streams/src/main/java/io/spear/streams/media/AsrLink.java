package io.spear.streams.media;

import java.util.concurrent.CompletableFuture;

/** The client side of one speech recognition session. */
public interface AsrLink {

  /** Sends PCM16 audio; completes when it was handed to the connection. */
  CompletableFuture<Void> sendAudio(byte[] pcm16);

  /** Sends one client event (a JSON object). */
  CompletableFuture<Void> sendEvent(String json);

  /** Closes the session normally; no further events are delivered. */
  void close();
}
