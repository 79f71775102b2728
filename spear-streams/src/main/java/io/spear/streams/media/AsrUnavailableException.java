package io.spear.streams.media;

/** No backend can serve a speech recognition request; the message says why. */
public final class AsrUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  /** An exception with the reason for the guest's {@code last_error}. */
  public AsrUnavailableException(String message) {
    super(message, null, false, false);
  }
}
