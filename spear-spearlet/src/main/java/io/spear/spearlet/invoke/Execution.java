package io.spear.spearlet.invoke;

import io.spear.model.execution.ExecutionRecord;
import io.spear.runtime.CancellationToken;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One execution on this node: an immutable snapshot replaced as the execution moves on, its
 * cancellation, and a latch for those who wait for its end. Shared by the request thread, the
 * registry, the cancel route and the reporter; none of them ever sees a half-made change.
 */
public final class Execution {

  private static final byte[] NO_OUTPUT = new byte[0];

  /**
   * What the node holds of an execution at one moment.
   *
   * @param record what SMS gets too
   * @param output the guest's output, kept on the node only (SMS gets its size)
   */
  public record Snapshot(ExecutionRecord record, byte[] output) {}

  private final AtomicReference<Snapshot> current;
  private final CancellationToken cancellation = new CancellationToken();
  private final CountDownLatch ended = new CountDownLatch(1);

  Execution(ExecutionRecord accepted) {
    this.current = new AtomicReference<>(new Snapshot(accepted, NO_OUTPUT));
  }

  /** The execution id. */
  public String executionId() {
    return current.get().record().executionId();
  }

  /** Cancels the execution from any thread. */
  public CancellationToken cancellation() {
    return cancellation;
  }

  /** The execution as it is now. */
  public Snapshot snapshot() {
    return current.get();
  }

  void running(String instanceId, boolean coldStart, long nowMs) {
    current.updateAndGet(
        s -> new Snapshot(s.record().running(instanceId, coldStart, nowMs), s.output()));
  }

  /** Ends the execution; the first ending wins and later ones change nothing. */
  void ended(ExecutionRecord.Ending ending, byte[] output, long nowMs) {
    Snapshot before =
        current.getAndUpdate(
            s ->
                s.record().status().terminal()
                    ? s
                    : new Snapshot(s.record().ended(ending, nowMs), output));
    if (!before.record().status().terminal()) {
      ended.countDown();
    }
  }

  /** Waits up to {@code millis} for the execution to end; true when it has. */
  public boolean awaitEnd(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  // The heap an execution takes besides its output and log: its record, snapshot, latch and
  // cancellation token and the cache's entry, ~1.5 KB as measured with a class histogram in a soak.
  static final int OVERHEAD_BYTES = 1_536;

  /** Bytes retained by this execution (for the registry's bound). */
  int weight() {
    Snapshot s = current.get();
    return OVERHEAD_BYTES + s.output().length + s.record().log().length() * 2;
  }
}
