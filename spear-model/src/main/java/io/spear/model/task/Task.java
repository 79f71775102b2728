package io.spear.model.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registered task: everything its registration carried plus its id, status and timestamps.
 *
 * @param taskId the id SMS assigned
 * @param name a human name
 * @param description free text
 * @param status the life-cycle state
 * @param priority how urgent the task is
 * @param nodeUuid the node the task is pinned to, or empty
 * @param endpoint a unique endpoint name, or empty
 * @param version the task's version string
 * @param capabilities what the task needs from a node, e.g. {@code wasm}
 * @param metadata free key/value pairs
 * @param config key/value settings read by the runtime (limits, preopened directories)
 * @param executable what to run, if anything
 * @param registeredAt registration time, epoch seconds
 * @param updatedAt last change, epoch milliseconds; it grows with every change, so nodes take it as
 *     the task's version
 */
public record Task(
    String taskId,
    String name,
    String description,
    TaskStatus status,
    TaskPriority priority,
    String nodeUuid,
    String endpoint,
    String version,
    List<String> capabilities,
    Map<String, String> metadata,
    Map<String, String> config,
    Executable executable,
    long registeredAt,
    long updatedAt) {

  /** The form of an endpoint name: what registration accepts and what routes by endpoint match. */
  public static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Normalizes absent collections and strings to empty ones. */
  public Task {
    description = description == null ? "" : description;
    nodeUuid = nodeUuid == null ? "" : nodeUuid;
    endpoint = endpoint == null ? "" : endpoint;
    version = version == null ? "" : version;
    capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    config = config == null ? Map.of() : Map.copyOf(config);
  }

  /** The executable, if the task has one. */
  public Optional<Executable> executableIfAny() {
    return Optional.ofNullable(executable);
  }
}
