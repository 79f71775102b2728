package io.spear.sms.schedule;

import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.util.List;
import java.util.Optional;

/**
 * Where schedules and their claimed ticks are kept. Every replica of SMS sharing the store claims
 * ticks through {@link #claim}, which only one of them wins per tick.
 */
public interface ScheduleStore {

  /** Stores a new schedule. */
  void create(Schedule schedule);

  /** A schedule by id. */
  Optional<Schedule> find(String scheduleId);

  /** Schedules, newest first. */
  Page<Schedule> list(PageRequest page);

  /** Pauses or resumes; false when there is no such schedule. */
  boolean setEnabled(String scheduleId, boolean enabled, long nextFireAtMs);

  /** Removes a schedule and its ticks; false when there was none. */
  boolean delete(String scheduleId);

  /** Enabled schedules whose next tick is at or before {@code nowMs}, the most overdue first. */
  List<Schedule> due(long nowMs, int limit);

  /**
   * Claims the tick {@code fire.tickAtMs()} of a schedule: moves its next tick to {@code nextMs}
   * and records the fire, in one transaction, only if the next tick is still the claimed one and
   * the schedule is enabled.
   *
   * @return whether this caller won the tick (false: another replica did, or it was paused)
   */
  boolean claim(Fire fire, long nextMs);

  /** Marks a claimed tick as handed to a node (or given up). */
  void dispatched(Fire fire);

  /** Claimed ticks not handed over, claimed at or before {@code claimedBeforeMs}, oldest first. */
  List<Fire> stalled(long claimedBeforeMs, int limit);

  /**
   * Takes over a stalled tick: true only for the one caller that moved its claim time from what
   * {@code fire} says to {@code nowMs}.
   */
  boolean reclaim(Fire fire, long nowMs);

  /** Forgets handed-over ticks older than {@code beforeMs}; answers how many. */
  int forget(long beforeMs);
}
