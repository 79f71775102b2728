package io.spear.runtime;

/**
 * The running slot an execution holds while its guest runs code. A host call that blocks (a WASI
 * sleep, say) gives it back meanwhile, so guests that wait do not keep others from running.
 */
public interface CpuSlot {

  /** No slot to give back: an execution outside any admission control. */
  CpuSlot NONE =
      new CpuSlot() {
        @Override
        public void release() {}

        @Override
        public void reacquire() {}
      };

  /** Gives the slot back for the length of a blocking call. */
  void release();

  /**
   * Waits for a slot again after a blocking call.
   *
   * @throws InterruptedException when the execution is stopped while it waits
   */
  void reacquire() throws InterruptedException;
}
