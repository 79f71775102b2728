package io.spear.sms.execution;

import io.spear.model.bound.Bound;
import io.spear.model.bound.Bounds;
import io.spear.model.execution.ExecutionRecord;

/**
 * The numbers of an execution record a node reports, refused out of range before anything is
 * stored: times within the years a date can show, durations and sizes non-negative.
 */
final class ReportNumbers {

  private static final long MAX_MS = Bounds.EPOCH_MS.max();

  private ReportNumbers() {}

  /** The record, if its numbers are within their bounds. */
  static ExecutionRecord check(ExecutionRecord r) {
    Bounds.EPOCH_MS.named("created_at_ms").check(r.createdAtMs());
    Bounds.EPOCH_MS.named("started_at_ms").check(r.startedAtMs());
    Bounds.EPOCH_MS.named("completed_at_ms").check(r.completedAtMs());
    new Bound("duration_ms", 0, MAX_MS).check(r.durationMs());
    new Bound("duration_us", 0, MAX_MS * 1000).check(r.durationUs());
    Bounds.BYTES.named("output_size").check(r.outputSize());
    return r;
  }
}
