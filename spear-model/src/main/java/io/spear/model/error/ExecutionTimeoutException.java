package io.spear.model.error;

/** An execution that ran past its time limit and was stopped. */
public final class ExecutionTimeoutException extends SpearException {

  /** Creates the exception with a client-safe message. */
  public ExecutionTimeoutException(String message) {
    super(ErrorCode.EXECUTION_TIMEOUT, message, null);
  }

  /** Creates the exception with a client-safe message and a cause kept for the server log. */
  public ExecutionTimeoutException(String message, Throwable cause) {
    super(ErrorCode.EXECUTION_TIMEOUT, message, cause);
  }

  @Override
  public String kind() {
    return "ExecutionTimeout";
  }
}
