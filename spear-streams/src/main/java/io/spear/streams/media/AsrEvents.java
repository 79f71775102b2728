package io.spear.streams.media;

/** Where a speech recognition session's server events go; called from the connection's threads. */
public interface AsrEvents {

  /** One server message, verbatim (the text of a text message, or a binary message's bytes). */
  void event(byte[] payload);

  /** The server closed the session. */
  void closed();

  /** The connection failed; {@code message} becomes the session's {@code last_error}. */
  void failed(String message);
}
