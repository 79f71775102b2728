package io.spear.sms.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A stored schedule: which task it invokes with what input, and when.
 *
 * @param scheduleId the schedule's id
 * @param taskId the task each tick invokes
 * @param cron the cron expression (5 or 6 fields), or null when {@code every} is set
 * @param every the period ({@code 30s}, {@code 5m}), or null when {@code cron} is set
 * @param timezone the zone the cron expression reads the wall clock in
 * @param inputBase64 the stdin of each invocation, base64
 * @param enabled whether it fires (false while paused)
 * @param nextFireAtMs the next tick, epoch milliseconds
 * @param lastFireAtMs the last tick fired, epoch milliseconds (0 = never)
 * @param createdAtMs when it was created, epoch milliseconds
 */
public record Schedule(
    String scheduleId,
    String taskId,
    String cron,
    String every,
    String timezone,
    String inputBase64,
    boolean enabled,
    long nextFireAtMs,
    long lastFireAtMs,
    long createdAtMs) {

  /** Requires the ids, exactly one of cron and every, and the zone. */
  public Schedule {
    Objects.requireNonNull(scheduleId, "schedule_id");
    Objects.requireNonNull(taskId, "task_id");
    Objects.requireNonNull(timezone, "timezone");
    if ((cron == null) == (every == null)) {
      throw new IllegalArgumentException("a schedule has exactly one of cron and every");
    }
    inputBase64 = inputBase64 == null ? "" : inputBase64;
  }

  /** When it fires. */
  public When when() {
    return cron != null
        ? WhenParser.cron(cron, ZoneId.of(timezone))
        : WhenParser.every(every, Instant.ofEpochMilli(createdAtMs));
  }

  /** This schedule paused or resumed, next firing at {@code nextMs}. */
  public Schedule withEnabled(boolean on, long nextMs) {
    return new Schedule(
        scheduleId,
        taskId,
        cron,
        every,
        timezone,
        inputBase64,
        on,
        nextMs,
        lastFireAtMs,
        createdAtMs);
  }
}
