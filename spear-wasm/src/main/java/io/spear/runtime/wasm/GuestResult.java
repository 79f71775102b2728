package io.spear.runtime.wasm;

import io.spear.runtime.GuestOutput;
import java.util.List;

/**
 * How one guest run ended, before stop requests (time limit, cancellation) are taken into account.
 *
 * @param ending returned, exited or trapped
 * @param output what the guest wrote
 * @param instantiateNanos time spent creating the fresh instance
 * @param runNanos time spent in the entry function
 */
record GuestResult(Ending ending, GuestOutput output, long instantiateNanos, long runNanos) {

  /** The ways a run ends. */
  sealed interface Ending {}

  /** The entry function returned; {@code _start} returns no values. */
  record Returned(List<Long> values) implements Ending {}

  /** The guest called {@code proc_exit}. */
  record Exited(int code) implements Ending {}

  /** The guest trapped or was interrupted; {@code reason} is the engine's message. */
  record Trapped(String reason) implements Ending {}

  /**
   * Something other than the guest failed: a bug in the engine or in our host functions. Never
   * reported as the guest's trap; the runtime's caller logs it and answers an internal error.
   */
  record Crashed(RuntimeException failure) implements Ending {}
}
