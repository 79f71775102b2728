package io.spear.host.http;

/** The errno values {@code http_call} answers, negated, to a guest. */
public final class HttpCallErrno {

  /** A connection or TLS failure, a redirect loop. */
  public static final int EIO = 5;

  /** The egress policy, a secret's {@code allowed_hosts} or a limit forbids the call. */
  public static final int EACCES = 13;

  /** A pointer or length outside the guest's memory. */
  public static final int EFAULT = 14;

  /** The request is not valid JSON of the documented form. */
  public static final int EINVAL = 22;

  /** A request or response body over the node's limit. */
  public static final int EFBIG = 27;

  /** The guest's buffer is too small; the needed size was written back. */
  public static final int ENOSPC = 28;

  /** The request's timeout or the execution's deadline came first. */
  public static final int ETIMEDOUT = 110;

  private HttpCallErrno() {}
}
