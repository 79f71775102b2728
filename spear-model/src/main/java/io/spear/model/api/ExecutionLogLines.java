package io.spear.model.api;

import java.util.List;

/**
 * The body of {@code POST /api/v1/executions/{id}/logs}: lines a node streams while the guest runs,
 * and with the first post where and when the execution started.
 *
 * @param lines the lines, in order
 * @param started where and when the execution started; null after the first post
 */
public record ExecutionLogLines(List<Line> lines, Started started) {

  /** Normalizes an absent list to an empty one. */
  public ExecutionLogLines {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  /**
   * One line.
   *
   * @param tsMs when it was written
   * @param level its level ({@code info}, {@code warn}, {@code error})
   * @param message its text
   */
  public record Line(long tsMs, String level, String message) {}

  /**
   * Where and when an execution started.
   *
   * @param nodeUuid the node running it
   * @param taskId its task
   * @param tsMs when it started
   */
  public record Started(String nodeUuid, String taskId, long tsMs) {}
}
