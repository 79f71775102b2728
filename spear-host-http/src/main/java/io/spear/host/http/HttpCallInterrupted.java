package io.spear.host.http;

/**
 * Thrown when the execution making a call is being stopped (cancelled, or past its deadline) while
 * the call waits: the request is aborted and the thread's interrupt flag stays set, so that the
 * engine ends the guest.
 */
public final class HttpCallInterrupted extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A stop, keeping the interrupt flag set. */
  HttpCallInterrupted(InterruptedException cause) {
    super("the execution was stopped while its http_call waited", cause);
    Thread.currentThread().interrupt();
  }
}
