package io.spear.model.error;

import java.util.Objects;

/**
 * Root of every failure Spear reports to a caller; each subtype is one failure kind with a stable
 * {@link ErrorCode}.
 *
 * <p>The message is written for the client and is safe to return over HTTP. Causes are kept for the
 * server log only.
 */
public abstract sealed class SpearException extends RuntimeException
    permits InvalidRequestException,
        InvalidConfigurationException,
        NotFoundException,
        ConflictException,
        PayloadTooLargeException,
        ResourceExhaustedException,
        ExecutionTimeoutException,
        RuntimeErrorException,
        UnavailableException,
        ModuleCompilingException {

  private final ErrorCode code;

  SpearException(ErrorCode code, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The stable code clients match on. */
  public ErrorCode code() {
    return code;
  }

  /** The kind's name as SPEAR spells it, e.g. {@code InvalidConfiguration}. */
  public abstract String kind();

  @Override
  public String toString() {
    return kind() + ": \"" + getMessage() + "\"";
  }
}
