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

  /**
   * A system line SMS does not keep as a row but derives from the execution's record when the log
   * is read; the store numbers it and counts it against the bounds like any line.
   */
  public enum Derived {
    /** A line kept as a row. */
    NONE,
    /** The line that says where the execution started. */
    START,
    /** The line that says how it ended. */
    END,
    /** A line of the guest's log that came with the final record, read from its {@code log}. */
    GUEST
  }

  private static final long START_SLOT = -1;
  private static final long END_SLOT = -2;
  private static final long GUEST_SLOT = -3;

  /** The line as the API shows it. */
  public ExecutionLogLine toApi() {
    return new ExecutionLogLine(seq, tsMs, stream, level, message);
  }

  /** A line to append; the store assigns its sequence number. */
  public static LogLine of(long tsMs, String stream, String level, String message) {
    return new LogLine(0, tsMs, stream, level, message);
  }

  /** A system line to append as a slot only: its text is derived from the record when read. */
  static LogLine derived(Derived kind, LogLine line) {
    long slot =
        switch (kind) {
          case START -> START_SLOT;
          case END -> END_SLOT;
          case GUEST -> GUEST_SLOT;
          case NONE -> 0;
        };
    return new LogLine(slot, line.tsMs, line.stream, line.level, line.message);
  }

  /** Whether this line to append is kept as a row or derived from the record when read. */
  public Derived derived() {
    if (seq == START_SLOT) {
      return Derived.START;
    }
    if (seq == GUEST_SLOT) {
      return Derived.GUEST;
    }
    return seq == END_SLOT ? Derived.END : Derived.NONE;
  }

  /** This line numbered {@code value}. */
  LogLine withSeq(long value) {
    return new LogLine(value, tsMs, stream, level, message);
  }
}
