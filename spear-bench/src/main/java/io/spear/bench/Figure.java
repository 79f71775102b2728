package io.spear.bench;

import java.util.Objects;

/**
 * One row of the results table.
 *
 * @param id a stable key, e.g. {@code compute.fib}
 * @param name what was measured
 * @param ours our figure, formatted
 * @param reference the reference figure(s) measured in the same run, formatted
 * @param ratio ours against the reference, formatted
 * @param target the target, formatted
 * @param met whether the target is met
 * @param value the raw number behind {@code ours}; a figure was produced when it is finite
 */
record Figure(
    String id,
    String name,
    String ours,
    String reference,
    String ratio,
    String target,
    Verdict met,
    double value) {

  /** Whether a target was met. */
  enum Verdict {
    YES("yes"),
    NO("**no**"),
    NONE("—");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    String text() {
      return text;
    }

    static Verdict of(boolean met) {
      return met ? YES : NO;
    }
  }

  Figure {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(met, "met");
  }

  /** Whether the benchmark behind this row produced a number. */
  boolean produced() {
    return Double.isFinite(value) && value >= 0;
  }
}
