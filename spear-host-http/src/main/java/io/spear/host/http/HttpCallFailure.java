package io.spear.host.http;

/**
 * Ends an {@code http_call} with a negative errno. Its message is the reason the execution log and
 * the node's log give; it never holds a header value or a body.
 */
public final class HttpCallFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int errno;

  /** A failure answering {@code -errno}, for {@code reason}. */
  public HttpCallFailure(int errno, String reason) {
    super(reason, null, false, false);
    this.errno = errno;
  }

  /** The positive errno value. */
  public int errno() {
    return errno;
  }

  /** The outcome label of the call's metrics. */
  String outcome() {
    return switch (errno) {
      case HttpCallErrno.EACCES -> "refused";
      case HttpCallErrno.ETIMEDOUT -> "timeout";
      case HttpCallErrno.EINVAL -> "malformed";
      case HttpCallErrno.EFBIG -> "too_large";
      default -> "failed";
    };
  }
}
