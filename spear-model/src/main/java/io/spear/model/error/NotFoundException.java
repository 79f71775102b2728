package io.spear.model.error;

import java.util.Set;

/** A request for something that does not exist. */
public final class NotFoundException extends SpearException {

  private static final Set<ErrorCode> CODES =
      Set.of(
          ErrorCode.NOT_FOUND,
          ErrorCode.FILE_NOT_FOUND,
          ErrorCode.TASK_NOT_FOUND,
          ErrorCode.NODE_NOT_FOUND,
          ErrorCode.EXECUTION_NOT_FOUND,
          ErrorCode.KEY_NOT_FOUND,
          ErrorCode.SECRET_NOT_FOUND);

  /** Creates the exception with the default code {@link ErrorCode#NOT_FOUND}. */
  public NotFoundException(String message) {
    this(ErrorCode.NOT_FOUND, message);
  }

  /** Creates the exception with one of this kind's codes. */
  public NotFoundException(ErrorCode code, String message) {
    super(checked(code), message, null);
  }

  private static ErrorCode checked(ErrorCode code) {
    if (!CODES.contains(code)) {
      throw new IllegalArgumentException("code " + code + " is not a NotFound code");
    }
    return code;
  }

  @Override
  public String kind() {
    return "NotFound";
  }
}
