package io.spear.http.auth;

import java.time.Duration;

/**
 * Failed authentications counted per key in fixed one-minute windows. SMS replicas on one database
 * share one ledger, so that a client cannot spread its attempts over the replicas; a lone server
 * keeps its own in memory ({@link #inMemory()}).
 */
public interface FailureLedger {

  /** How long one window of counts lasts. */
  Duration WINDOW = Duration.ofMinutes(1);

  /**
   * Counts one failure for {@code key} at {@code nowMs} (epoch milliseconds) and answers the key's
   * window with it: a key whose window ended starts a new one holding this failure only.
   */
  Window recordFailure(String key, long nowMs);

  /**
   * A key's window of counts.
   *
   * @param startMs when its first failure came, epoch milliseconds
   * @param failures the failures counted in it
   */
  record Window(long startMs, long failures) {

    /** When the window ends and its key starts afresh. */
    public long endMs() {
      return startMs + WINDOW.toMillis();
    }
  }

  /** A ledger of this process only: a Spearlet, or an SMS on its embedded store. */
  static FailureLedger inMemory() {
    return new InMemoryFailureLedger();
  }
}
