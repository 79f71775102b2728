package io.spear.model.error;

/** A request body larger than the server accepts. */
public final class PayloadTooLargeException extends SpearException {

  /** Creates the exception with a client-safe message. */
  public PayloadTooLargeException(String message) {
    super(ErrorCode.PAYLOAD_TOO_LARGE, message, null);
  }

  /** Creates the exception with a client-safe message and a cause kept for the server log. */
  public PayloadTooLargeException(String message, Throwable cause) {
    super(ErrorCode.PAYLOAD_TOO_LARGE, message, cause);
  }

  @Override
  public String kind() {
    return "PayloadTooLarge";
  }
}
