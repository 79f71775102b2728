package io.spear.client;

import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskStatus;

/**
 * Which tasks {@link SmsClient#listTasks(TaskFilter)} lists; null fields do not filter.
 *
 * @param name only tasks with exactly this name
 * @param status only tasks in this state
 * @param priority only tasks of this priority
 * @param nodeUuid only tasks pinned to this node
 * @param limit page size (1..1000)
 * @param offset how many to skip
 */
public record TaskFilter(
    String name, TaskStatus status, TaskPriority priority, String nodeUuid, int limit, int offset) {

  /** Every task, first page of 100. */
  public static TaskFilter all() {
    return new TaskFilter(null, null, null, null, 100, 0);
  }

  /** The tasks named {@code name}. */
  public static TaskFilter named(String name) {
    return new TaskFilter(name, null, null, null, 100, 0);
  }

  /** This filter for another page. */
  public TaskFilter page(int newLimit, int newOffset) {
    return new TaskFilter(name, status, priority, nodeUuid, newLimit, newOffset);
  }
}
