package io.spear.model.error;

/**
 * Stable error codes of the Spear API, each with the HTTP status it is answered with.
 *
 * <p>This enum is the one place where failure kinds are mapped to HTTP statuses; handlers never
 * choose a status themselves. The names are part of the API: clients match on them, so they never
 * change once released.
 */
public enum ErrorCode {
  /** The request is malformed or names something that does not fit (a bad field, a bad export). */
  INVALID_REQUEST(400),
  /** An upload's body does not match the checksum its client declared. */
  CHECKSUM_MISMATCH(400),
  /** An upload carried no bytes. */
  EMPTY_UPLOAD(400),
  /** The client stopped sending its request body for longer than the server waits for it. */
  REQUEST_TIMEOUT(408),
  /** A module or task configuration cannot be turned into a runnable instance. */
  INVALID_CONFIGURATION(422),
  /** The request carries no valid bearer token. */
  UNAUTHENTICATED(401),
  /** The caller's token is valid but its role may not use this route. */
  PERMISSION_DENIED(403),
  /** No file with that id exists. */
  FILE_NOT_FOUND(404),
  /** No task with that id exists. */
  TASK_NOT_FOUND(404),
  /** No node with that uuid exists. */
  NODE_NOT_FOUND(404),
  /** No execution with that id exists. */
  EXECUTION_NOT_FOUND(404),
  /** No key-value entry with that key exists in the namespace. */
  KEY_NOT_FOUND(404),
  /** No secret with that name exists (on SMS, or referenced by a task being invoked). */
  SECRET_NOT_FOUND(404),
  /** No route matches the request path. */
  NOT_FOUND(404),
  /** The route exists but not for this HTTP method. */
  METHOD_NOT_ALLOWED(405),
  /** A task already owns the requested endpoint. */
  ENDPOINT_CONFLICT(409),
  /** The execution has ended, so it can no longer be streamed to or acted on. */
  EXECUTION_ENDED(409),
  /** A key-value namespace holds as many keys as it may; a new key is refused. */
  NAMESPACE_FULL(409),
  /** A conditional key-value write or delete found another version than the one it named. */
  VERSION_MISMATCH(412),
  /** The request body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE(413),
  /** The node is at its concurrency and queue limits; retry later or elsewhere. */
  RESOURCE_EXHAUSTED(429),
  /** The guest exited with a non-zero code or trapped (the body carries its exit code and log). */
  EXECUTION_FAILED(422),
  /** The execution was cancelled before it ended. */
  EXECUTION_CANCELLED(409),
  /** An execution ran past its time limit and was stopped. */
  EXECUTION_TIMEOUT(504),
  /** The runtime failed for a reason outside the request (a download, the engine, the host). */
  RUNTIME_ERROR(500),
  /**
   * The task's module is still being compiled and the invocation's time ran out waiting; the
   * compile goes on, so a retry (after Retry-After) finds it ready.
   */
  MODULE_COMPILING(503),
  /** The node running an execution went offline before reporting its end. */
  NODE_LOST(503),
  /** No online node can take the invocation. */
  NO_NODE_AVAILABLE(503),
  /**
   * A guest answering an HTTP trigger wrote a CGI header block that cannot be an HTTP response (a
   * line that is no header, a bad {@code Status}, no blank line after the headers).
   */
  GUEST_RESPONSE_INVALID(502),
  /**
   * SMS was started without a secrets key ({@code --secrets-key-file} or {@code
   * SPEAR_SECRETS_KEY}), so it neither stores nor hands out secrets.
   */
  SECRETS_UNAVAILABLE(503),
  /** An unexpected failure; details are in the server log, never in the response. */
  INTERNAL_ERROR(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status this code is answered with. */
  public int httpStatus() {
    return httpStatus;
  }
}
