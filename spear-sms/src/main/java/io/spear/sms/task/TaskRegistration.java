package io.spear.sms.task;

import io.spear.model.task.Executable;
import io.spear.model.task.TaskPriority;
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
    Optional<Executable> executable) {}
