package io.spear.runtime.host;

/** SPEAR's virtual errno values; host calls return them negated. */
public final class Errno {

  /** Operation not permitted. */
  public static final int EPERM = 1;

  /** No such entry. */
  public static final int ENOENT = 2;

  /** Input/output error, also malformed arguments. */
  public static final int EIO = 5;

  /** Bad descriptor. */
  public static final int EBADF = 9;

  /** Try again. */
  public static final int EAGAIN = 11;

  /** Out of memory (or descriptors). */
  public static final int ENOMEM = 12;

  /** Forbidden by policy. */
  public static final int EACCES = 13;

  /** A pointer outside the guest's memory. */
  public static final int EFAULT = 14;

  /** An invalid argument or command. */
  public static final int EINVAL = 22;

  /** A body over the node's limit (http_call). */
  public static final int EFBIG = 27;

  /** The guest's buffer is too small; the needed size was written back. */
  public static final int ENOSPC = 28;

  /** The other side is gone. */
  public static final int EPIPE = 32;

  /** Not implemented (SPEAR defines it; this runtime does not answer it today). */
  public static final int ENOSYS = 38;

  /** The peer reset the connection (SPEAR defines it; this runtime does not answer it today). */
  public static final int ECONNRESET = 104;

  /** Not connected (or not inside an execution). */
  public static final int ENOTCONN = 107;

  /** Timed out (SPEAR defines it; this runtime does not answer it today). */
  public static final int ETIMEDOUT = 110;

  private Errno() {}
}
