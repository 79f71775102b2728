package io.spear.model.error;

/**
 * The JSON body of every error answer: {@code {success:false, error, message}}.
 *
 * @param success always false
 * @param error the stable {@link ErrorCode} name
 * @param message a client-safe explanation
 */
public record ErrorBody(boolean success, String error, String message) {

  /** The body for a Spear exception. */
  public static ErrorBody of(SpearException e) {
    return new ErrorBody(false, e.code().name(), e.getMessage());
  }

  /** The body for a code and message. */
  public static ErrorBody of(ErrorCode code, String message) {
    return new ErrorBody(false, code.name(), message);
  }
}
