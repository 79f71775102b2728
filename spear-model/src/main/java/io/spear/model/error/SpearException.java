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
        AccessDeniedException,
        ModuleCompilingException {

  private final ErrorCode code;

  SpearException(ErrorCode code, String message, Throwable cause) {
    this(code, message, cause, true);
  }

  /** Without a stack trace when it is expected control flow (a refusal under load). */
  SpearException(ErrorCode code, String message, Throwable cause, boolean stackTrace) {
    super(Objects.requireNonNull(message, "message"), cause, stackTrace, stackTrace);
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
