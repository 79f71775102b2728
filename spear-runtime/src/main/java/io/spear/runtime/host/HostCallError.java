package io.spear.runtime.host;

/**
 * Ends a host call early with a negative errno for the guest. Thrown inside host-call code and
 * turned into the return value at the WebAssembly boundary; never reaches the guest as a trap.
 */
public final class HostCallError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int errno;

  /** An error returning {@code -errno} to the guest. */
  public HostCallError(int errno) {
    super("errno " + errno, null, false, false);
    this.errno = errno;
  }

  /** The positive errno value. */
  public int errno() {
    return errno;
  }
}
