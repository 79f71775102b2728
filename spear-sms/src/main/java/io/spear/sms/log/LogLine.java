package io.spear.sms.log;

import io.spear.model.api.ExecutionLogLine;

/**
 * One stored line of an execution's log.
 *
 * @param seq its position in the execution's log, from 1, never reused
 * @param tsMs when it was written (or received), epoch milliseconds
 * @param stream {@code system} (SMS's own lines: started, completed, failed, timed out, cancelled)
 *     or {@code guest} (what the guest wrote: stderr and {@code spear.log})
 * @param level {@code info}, {@code warn} or {@code error}
 * @param message the text, without its line end
 */
public record LogLine(long seq, long tsMs, String stream, String level, String message) {

  /** The line as the API shows it. */
  public ExecutionLogLine toApi() {
    return new ExecutionLogLine(seq, tsMs, stream, level, message);
  }

  /** A line to append; the store assigns its sequence number. */
  public static LogLine of(long tsMs, String stream, String level, String message) {
    return new LogLine(0, tsMs, stream, level, message);
  }
}
