package io.spear.model.api;

import io.spear.model.task.Executable;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskStatus;
import java.util.List;
import java.util.Map;

/**
 * What a client registers or updates a task with ({@code POST /api/v1/tasks}, {@code PUT
 * /api/v1/tasks/{id}}): the seed document's task JSON.
 *
 * @param name a human name (required)
 * @param description free text
 * @param priority how urgent, or null for normal
 * @param nodeUuid the node to pin the task to, or empty
 * @param endpoint a unique endpoint name, or empty
 * @param version the task's version
 * @param capabilities what the task needs from a node
 * @param metadata free key/value pairs
 * @param config key/value settings for the runtime
 * @param executable what to run, or null
 */
public record TaskSpec(
    String name,
    String description,
    TaskPriority priority,
    String nodeUuid,
    String endpoint,
    String version,
    List<String> capabilities,
    Map<String, String> metadata,
    Map<String, String> config,
    Executable executable) {

  /** Normalizes absent collections and strings to empty ones, the priority to normal. */
  public TaskSpec {
    description = description == null ? "" : description;
    priority = priority == null ? TaskPriority.NORMAL : priority;
    nodeUuid = nodeUuid == null ? "" : nodeUuid;
    endpoint = endpoint == null ? "" : endpoint;
    version = version == null ? "" : version;
    capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    config = config == null ? Map.of() : Map.copyOf(config);
  }

  /** A WebAssembly task named {@code name} running the module at {@code uri}. */
  public static TaskSpec wasm(String name, Executable executable) {
    return new TaskSpec(
        name, "", null, "", "", "", List.of("wasm"), Map.of(), Map.of(), executable);
  }

  /**
   * The task this spec describes, under the id, status and times its store gives it ({@code
   * registeredAt} in seconds, {@code updatedAt} in milliseconds, as {@link Task} keeps them).
   */
  public Task task(String taskId, TaskStatus status, long registeredAt, long updatedAt) {
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
        executable,
        registeredAt,
        updatedAt);
  }

  /** What {@code task} was registered with. */
  public static TaskSpec of(Task task) {
    return new TaskSpec(
        task.name(),
        task.description(),
        task.priority(),
        task.nodeUuid(),
        task.endpoint(),
        task.version(),
        task.capabilities(),
        task.metadata(),
        task.config(),
        task.executable());
  }
}
