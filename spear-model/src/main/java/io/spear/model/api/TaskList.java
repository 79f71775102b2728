package io.spear.model.api;

import io.spear.model.task.Task;
import java.util.List;

/**
 * The answer to {@code GET /api/v1/tasks}.
 *
 * @param success always true
 * @param tasks this page, newest first
 * @param totalCount tasks matching the filters over all pages
 */
public record TaskList(boolean success, List<Task> tasks, long totalCount) implements Paged<Task> {

  /** Normalizes an absent list to an empty one. */
  public TaskList {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  @Override
  public List<Task> items() {
    return tasks;
  }
}
