package io.spear.ai.backend;

/** A backend call that failed; the message reaches the guest and must hold no secret. */
public final class BackendException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A failure with this message. */
  public BackendException(String message) {
    super(message);
  }

  /** A failure with this message and cause. */
  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
