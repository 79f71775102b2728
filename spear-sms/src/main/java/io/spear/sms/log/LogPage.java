package io.spear.sms.log;

import java.util.List;

/**
 * A slice of an execution's log.
 *
 * @param lines the lines after the cursor, in order
 * @param nextCursor the cursor to read the lines after these
 * @param truncated whether lines were dropped at the execution's bounds
 */
public record LogPage(List<LogLine> lines, long nextCursor, boolean truncated) {

  /** Copies the lines. */
  public LogPage {
    lines = List.copyOf(lines);
  }
}
