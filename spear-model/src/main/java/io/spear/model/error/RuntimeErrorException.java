package io.spear.model.error;

/** A failure of the runtime or its surroundings (a download, the engine), not of the request. */
public final class RuntimeErrorException extends SpearException {

  /** Creates the exception with a client-safe message. */
  public RuntimeErrorException(String message) {
    super(ErrorCode.RUNTIME_ERROR, message, null);
  }

  /** Creates the exception with a client-safe message and a cause kept for the server log. */
  public RuntimeErrorException(String message, Throwable cause) {
    super(ErrorCode.RUNTIME_ERROR, message, cause);
  }

  /** A failure of the runtime's with a more precise code, e.g. {@code GUEST_RESPONSE_INVALID}. */
  public RuntimeErrorException(ErrorCode code, String message) {
    super(code, message, null);
  }

  @Override
  public String kind() {
    return "RuntimeError";
  }
}
