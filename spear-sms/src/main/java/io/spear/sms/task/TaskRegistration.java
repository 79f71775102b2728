package io.spear.sms.task;

import io.spear.model.task.Executable;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated registration request: the seed document's task JSON.
 *
 * @param name a human name (required)
 * @param description free text
 * @param priority how urgent
 * @param nodeUuid the node to pin the task to, or empty
 * @param endpoint a unique endpoint name, or empty
 * @param version the task's version
 * @param capabilities what the task needs from a node
 * @param metadata free key/value pairs
 * @param config key/value settings for the runtime
 * @param executable what to run, if anything
 */
public record TaskRegistration(
    String name,
    String description,
    TaskPriority priority,
    String nodeUuid,
    String endpoint,
    String version,
    List<String> capabilities,
    Map<String, String> metadata,
    Map<String, String> config,
    Optional<Executable> executable) {

  /** A new task {@code taskId} registered at {@code nowMs}, with status registered. */
  public Task newTask(String taskId, long nowMs) {
    return task(taskId, TaskStatus.REGISTERED, nowMs / 1000, nowMs);
  }

  /**
   * {@code old} replaced by this registration at {@code nowMs}, keeping its id, status and
   * registration time. Its {@code updated_at} always grows, even within one millisecond, because
   * nodes take it as the task's version.
   */
  public Task replacing(Task old, long nowMs) {
    return task(
        old.taskId(), old.status(), old.registeredAt(), Math.max(nowMs, old.updatedAt() + 1));
  }

  private Task task(String taskId, TaskStatus status, long registeredAt, long updatedAt) {
    return new Task(
        taskId,
        name,
        description,
        status,
        priority,
        nodeUuid,
        endpoint,
        version,
        capabilities,
        metadata,
        config,
        executable.orElse(null),
        registeredAt,
        updatedAt);
  }
}
