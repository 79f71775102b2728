package io.spear.model.api;

/**
 * One line of an execution's log.
 *
 * @param seq its position, from 1
 * @param tsMs when it was written, epoch milliseconds
 * @param stream {@code system} (start and end lines) or {@code guest}
 * @param level {@code info}, {@code warn} or {@code error}
 * @param message the text
 */
public record ExecutionLogLine(long seq, long tsMs, String stream, String level, String message) {}
