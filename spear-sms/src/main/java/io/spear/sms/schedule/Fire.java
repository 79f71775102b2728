package io.spear.sms.schedule;

/**
 * One tick of a schedule that a replica claimed, and the execution id it hands to a node.
 *
 * @param scheduleId the schedule
 * @param tickAtMs the tick, epoch milliseconds
 * @param executionId the execution the tick runs as
 * @param claimedAtMs when a replica claimed (or last reclaimed) it, epoch milliseconds
 */
public record Fire(String scheduleId, long tickAtMs, String executionId, long claimedAtMs) {

  /** The invocation id of the tick: the same whichever replica fires it, once or after a crash. */
  public String invocationId() {
    return scheduleId + "." + tickAtMs;
  }
}
