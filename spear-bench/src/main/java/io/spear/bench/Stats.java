package io.spear.bench;

import java.util.Arrays;

/** Order statistics of a sample of durations in nanoseconds. */
final class Stats {

  private final long[] sorted;

  private Stats(long[] sorted) {
    this.sorted = sorted;
  }

  /** Statistics of {@code nanos}; the array is copied. */
  static Stats of(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("a sample needs at least one value");
    }
    long[] copy = nanos.clone();
    Arrays.sort(copy);
    return new Stats(copy);
  }

  /** The median in nanoseconds (the mean of the two middle values for an even count). */
  double median() {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** The {@code p}-th percentile (nearest rank) in nanoseconds, {@code 0 < p <= 100}. */
  double percentile(double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** How many values. */
  int count() {
    return sorted.length;
  }

  static double millis(double nanos) {
    return nanos / 1_000_000.0;
  }

  /** Milliseconds with a precision that suits the magnitude. */
  static String ms(double nanos) {
    double ms = millis(nanos);
    if (ms >= 100) {
      return String.format("%.0f ms", ms);
    }
    if (ms >= 10) {
      return String.format("%.1f ms", ms);
    }
    if (ms >= 1) {
      return String.format("%.2f ms", ms);
    }
    return String.format("%.3f ms", ms);
  }

  /** A ratio such as {@code 1.07×}. */
  static String ratio(double value) {
    return String.format("%.2f×", value);
  }
}
