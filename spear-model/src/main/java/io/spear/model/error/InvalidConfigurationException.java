package io.spear.model.error;

/**
 * A module or configuration that cannot become a runnable instance; raised at creation, never
 * later.
 */
public final class InvalidConfigurationException extends SpearException {

  /** Creates the exception with a client-safe message. */
  public InvalidConfigurationException(String message) {
    super(ErrorCode.INVALID_CONFIGURATION, message, null);
  }

  /** Creates the exception with a client-safe message and a cause kept for the server log. */
  public InvalidConfigurationException(String message, Throwable cause) {
    super(ErrorCode.INVALID_CONFIGURATION, message, cause);
  }

  @Override
  public String kind() {
    return "InvalidConfiguration";
  }
}
