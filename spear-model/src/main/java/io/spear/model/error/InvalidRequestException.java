package io.spear.model.error;

import java.util.Set;

/** A request that is malformed or does not fit what it addresses. */
public final class InvalidRequestException extends SpearException {

  private static final Set<ErrorCode> CODES =
      Set.of(
          ErrorCode.INVALID_REQUEST,
          ErrorCode.CHECKSUM_MISMATCH,
          ErrorCode.EMPTY_UPLOAD,
          ErrorCode.REQUEST_TIMEOUT,
          ErrorCode.METHOD_NOT_ALLOWED);

  /** Creates the exception with the default code {@link ErrorCode#INVALID_REQUEST}. */
  public InvalidRequestException(String message) {
    this(ErrorCode.INVALID_REQUEST, message);
  }

  /** Creates the exception with one of this kind's codes. */
  public InvalidRequestException(ErrorCode code, String message) {
    super(checked(code), message, null);
  }

  private static ErrorCode checked(ErrorCode code) {
    if (!CODES.contains(code)) {
      throw new IllegalArgumentException("code " + code + " is not a InvalidRequest code");
    }
    return code;
  }

  @Override
  public String kind() {
    return "InvalidRequest";
  }
}
