package io.spear.model.error;

/** No online node can take the invocation. */
public final class UnavailableException extends SpearException {

  /** Creates the exception with a client-safe message. */
  public UnavailableException(String message) {
    super(ErrorCode.NO_NODE_AVAILABLE, message, null);
  }

  /**
   * Creates the exception with one of this kind's codes ({@code NO_NODE_AVAILABLE}, {@code
   * SECRETS_UNAVAILABLE}).
   */
  public UnavailableException(ErrorCode code, String message) {
    super(checked(code), message, null);
  }

  private static ErrorCode checked(ErrorCode code) {
    if (code != ErrorCode.NO_NODE_AVAILABLE && code != ErrorCode.SECRETS_UNAVAILABLE) {
      throw new IllegalArgumentException("code " + code + " is not an Unavailable code");
    }
    return code;
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
