package io.spear.model.error;

import java.util.Set;

/** A request that conflicts with what is already stored. */
public final class ConflictException extends SpearException {

  private static final Set<ErrorCode> CODES =
      Set.of(
          ErrorCode.ENDPOINT_CONFLICT,
          ErrorCode.EXECUTION_ENDED,
          ErrorCode.NAMESPACE_FULL,
          ErrorCode.VERSION_MISMATCH);

  /** Creates the exception with the default code {@link ErrorCode#ENDPOINT_CONFLICT}. */
  public ConflictException(String message) {
    this(ErrorCode.ENDPOINT_CONFLICT, message);
  }

  /** Creates the exception with one of this kind's codes. */
  public ConflictException(ErrorCode code, String message) {
    super(checked(code), message, null);
  }

  private static ErrorCode checked(ErrorCode code) {
    if (!CODES.contains(code)) {
      throw new IllegalArgumentException("code " + code + " is not a Conflict code");
    }
    return code;
  }

  @Override
  public String kind() {
    return "Conflict";
  }
}
