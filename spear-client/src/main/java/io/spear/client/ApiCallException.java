package io.spear.client;

import io.spear.model.error.ErrorCode;
import java.util.Arrays;
import java.util.Optional;

/**
 * A Spear server answered an error (or could not be reached); carries its HTTP status and the
 * stable error code of the API ({@link ErrorCode} names, {@code UNREACHABLE} when no server
 * answered, {@code HTTP_<status>} when the answer was not an API error).
 */
public final class ApiCallException extends RuntimeException {

  private final int status;
  private final String error;

  /** An error answer: HTTP status, the stable error code and the server's message. */
  public ApiCallException(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  /** A failure to reach the server at all. */
  public ApiCallException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
    this.error = "UNREACHABLE";
  }

  /** The HTTP status, or 0 when the server was not reached. */
  public int status() {
    return status;
  }

  /** The stable error code the server sent ({@code UNREACHABLE} when there was no answer). */
  public String error() {
    return error;
  }

  /** Whether the server answered at all. */
  public boolean answered() {
    return status != 0;
  }

  /** The error code as an optional, for matching. */
  public Optional<String> code() {
    return Optional.ofNullable(error);
  }

  /** The error code as the API's enum, when it is one of its codes. */
  public Optional<ErrorCode> errorCode() {
    return Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(error)).findFirst();
  }

  @Override
  public String toString() {
    return (status == 0 ? "" : "HTTP " + status + " ") + error + ": " + getMessage();
  }
}
