package io.spear.model.bound;

/**
 * The ranges of the numbers the API accepts, shared by SMS and the Spearlet so that both refuse the
 * same values with the same words.
 */
public final class Bounds {

  /** The longest time limit an invocation may ask for, or a node may use by default: one day. */
  public static final long MAX_TIMEOUT_MS = 86_400_000L;

  /** An invocation's time limit; 0 means the node's default. */
  public static final Bound TIMEOUT_MS = new Bound("timeout_ms", 0, MAX_TIMEOUT_MS);

  /** The default time limit a node registers in its metadata. */
  public static final Bound DEFAULT_TIMEOUT_MS =
      new Bound("metadata.default_timeout_ms", 1, MAX_TIMEOUT_MS);

  /** A TCP port; 0 means none. */
  public static final Bound PORT = new Bound("port", 0, 65_535);

  /**
   * An epoch time in milliseconds: up to the end of year 9999, so that no arithmetic on it (to
   * seconds, to an {@code Instant}, to a date) overflows.
   */
  public static final Bound EPOCH_MS = new Bound("ts_ms", 0, 253_402_300_799_999L);

  /**
   * A count of bytes a node reports (memory, disk, network rates): up to 2^53, exact as a JSON
   * number, and a thousand of them still sum within a long.
   */
  public static final Bound BYTES = new Bound("bytes", 0, 1L << 53);

  /** A percentage. */
  public static final Bound PERCENT = new Bound("percent", 0, 100);

  /** A load average. */
  public static final Bound LOAD = new Bound("load_average", 0, 1_000_000);

  /** How many invocations a node says it is running or queueing. */
  public static final Bound IN_FLIGHT = new Bound("health_info.in_flight", 0, 1_000_000);

  private Bounds() {}
}
