package io.spear.model.error;

/** A node or instance at its concurrency and queue limits. */
public final class ResourceExhaustedException extends SpearException {

  /**
   * Creates the exception with a client-safe message. It carries no stack trace: refusing work
   * under overload is expected and must cost less than doing the work.
   */
  public ResourceExhaustedException(String message) {
    super(ErrorCode.RESOURCE_EXHAUSTED, message, null, false);
  }

  /** Creates the exception with a client-safe message and a cause kept for the server log. */
  public ResourceExhaustedException(String message, Throwable cause) {
    super(ErrorCode.RESOURCE_EXHAUSTED, message, cause);
  }

  @Override
  public String kind() {
    return "ResourceExhausted";
  }
}
