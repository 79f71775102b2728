package io.spear.sms.task;

import io.spear.model.api.TaskSpec;
import io.spear.model.task.Task;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.util.Optional;

/** Where registered tasks live. */
public interface TaskStore {

  /**
   * Stores a new task with status {@code registered}.
   *
   * @throws io.spear.model.error.ConflictException when another task owns the endpoint
   */
  Task register(TaskSpec registration);

  /**
   * Replaces what task {@code taskId} was registered with, keeping its id, status and registration
   * time; its {@code updated_at} grows. Empty when there is no such task.
   *
   * @throws io.spear.model.error.ConflictException when another task owns the endpoint
   */
  Optional<Task> update(String taskId, TaskSpec registration);

  /** A task by id. */
  Optional<Task> find(String taskId);

  /** Tasks matching the query, newest first, with the filtered total. */
  Page<Task> list(TaskQuery query);

  /** Deletes a task; false when there was none. */
  boolean delete(String taskId);

  /** The task that owns an endpoint name (stored lower-cased), if any. */
  default Optional<Task> findByEndpoint(String endpoint) {
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    for (int offset = 0; ; offset += PageRequest.MAX_LIMIT) {
      Page<Task> page =
          list(
              new TaskQuery(
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  new PageRequest(PageRequest.MAX_LIMIT, offset)));
      Optional<Task> owner =
          page.items().stream().filter(t -> t.endpoint().equals(endpoint)).findFirst();
      if (owner.isPresent() || page.items().size() < PageRequest.MAX_LIMIT) {
        return owner;
      }
    }
  }
}
