package io.spear.model.error;

/**
 * A request refused because of who sent it: no valid token ({@link ErrorCode#UNAUTHENTICATED}) or a
 * role that may not use the route ({@link ErrorCode#PERMISSION_DENIED}).
 */
public final class AccessDeniedException extends SpearException {

  /** Creates the exception with one of this kind's two codes. */
  public AccessDeniedException(ErrorCode code, String message) {
    super(checked(code), message, null);
  }

  private static ErrorCode checked(ErrorCode code) {
    if (code != ErrorCode.UNAUTHENTICATED && code != ErrorCode.PERMISSION_DENIED) {
      throw new IllegalArgumentException("code " + code + " is not an access code");
    }
    return code;
  }

  @Override
  public String kind() {
    return code() == ErrorCode.UNAUTHENTICATED ? "Unauthenticated" : "PermissionDenied";
  }
}
