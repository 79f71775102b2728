package io.spear.http.auth;

import java.util.concurrent.ConcurrentHashMap;

/** The failure counts of one process, in a map whose size a scan of many keys cannot grow. */
final class InMemoryFailureLedger implements FailureLedger {

  /** Keys kept at most; a window holds two longs, so this is a few megabytes. */
  static final int MAX_KEYS = 50_000;

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  @Override
  public Window recordFailure(String key, long nowMs) {
    if (windows.size() >= MAX_KEYS) {
      prune(windows, nowMs);
    }
    return windows.compute(
        key,
        (k, w) ->
            w == null || w.endMs() <= nowMs
                ? new Window(nowMs, 1)
                : new Window(w.startMs(), w.failures() + 1));
  }

  /**
   * Drops the ended windows of a full map, and when every one is current, all of them: forgetting
   * counts only lets failing clients fail longer, which is better than unbounded memory.
   */
  static void prune(ConcurrentHashMap<String, Window> windows, long nowMs) {
    windows.values().removeIf(w -> w.endMs() <= nowMs);
    if (windows.size() >= MAX_KEYS) {
      windows.clear();
    }
  }
}
