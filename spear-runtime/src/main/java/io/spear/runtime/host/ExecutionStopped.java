package io.spear.runtime.host;

/**
 * Thrown by a host call that stopped waiting because its execution is being stopped (deadline,
 * cancellation): the engine ends the guest, whose ending the stop reason decides. The thread's
 * interrupt flag stays set.
 */
public final class ExecutionStopped extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A stop, keeping the interrupt flag set so that the guest does not carry on. */
  public ExecutionStopped(String message, InterruptedException cause) {
    super(message, cause);
    Thread.currentThread().interrupt();
  }
}
