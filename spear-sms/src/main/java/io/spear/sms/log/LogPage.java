package io.spear.sms.log;

import java.util.List;

/**
 * A slice of an execution's log.
 *
 * @param lines the lines after the cursor, in order
 * @param nextCursor the cursor to read the lines after these
 * @param truncated whether lines were dropped at the execution's bounds
 * @param startSeq the number of the start line derived from the record when read, 0 for none
 * @param endSeq the number of the end line derived from the record when read, 0 for none
 * @param guestSeq the number of the first guest line read from the record's log, 0 for none
 * @param guestLines how many guest lines are read from the record's log
 */
public record LogPage(
    List<LogLine> lines,
    long nextCursor,
    boolean truncated,
    long startSeq,
    long endSeq,
    long guestSeq,
    long guestLines) {

  /** Copies the lines. */
  public LogPage {
    lines = List.copyOf(lines);
  }

  /** A page of stored lines only. */
  public LogPage(List<LogLine> lines, long nextCursor, boolean truncated) {
    this(lines, nextCursor, truncated, 0, 0, 0, 0);
  }
}
