package io.spear.model.error;

/** No online node can take the invocation. */
public final class UnavailableException extends SpearException {

  /** Creates the exception with a client-safe message. */
  public UnavailableException(String message) {
    super(ErrorCode.NO_NODE_AVAILABLE, message, null);
  }

  /** Creates the exception with a client-safe message and a cause kept for the server log. */
  public UnavailableException(String message, Throwable cause) {
    super(ErrorCode.NO_NODE_AVAILABLE, message, cause);
  }

  @Override
  public String kind() {
    return "Unavailable";
  }
}
