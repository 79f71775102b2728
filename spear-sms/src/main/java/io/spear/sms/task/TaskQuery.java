package io.spear.sms.task;

import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskStatus;
import io.spear.sms.page.PageRequest;
import java.util.Optional;

/**
 * Which tasks to list.
 *
 * @param name only tasks with exactly this name
 * @param status only tasks in this state
 * @param priority only tasks of this priority
 * @param nodeUuid only tasks pinned to this node
 * @param page the slice to return
 */
public record TaskQuery(
    Optional<String> name,
    Optional<TaskStatus> status,
    Optional<TaskPriority> priority,
    Optional<String> nodeUuid,
    PageRequest page) {

  /** Tasks of any name. */
  public TaskQuery(
      Optional<TaskStatus> status,
      Optional<TaskPriority> priority,
      Optional<String> nodeUuid,
      PageRequest page) {
    this(Optional.empty(), status, priority, nodeUuid, page);
  }
}
