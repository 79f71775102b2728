package io.spear.spearlet.task;

import io.spear.model.json.Json;
import io.spear.model.task.Task;
import io.spear.support.fs.AtomicFiles;
import io.spear.support.fs.PrivateDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task definitions this node fetched from SMS, kept on its disk, so that a restarted node
 * serves the version a forwarding SMS names without asking SMS for it again. Only definitions SMS
 * gave are written, only a version SMS names is read back, and a file that does not parse is
 * dropped; failures to read or write never fail an invocation (the node asks SMS instead).
 */
public final class KeptTasks {

  private static final Logger LOG = LoggerFactory.getLogger(KeptTasks.class);

  // SMS's ids are UUIDs; nothing else names a file here.
  private static final Pattern TASK_ID =
      Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

  private final Path dir;

  private KeptTasks(Path dir) {
    this.dir = dir;
  }

  /** Kept definitions in {@code root}/tasks (created private to the user), or empty if unusable. */
  public static Optional<KeptTasks> under(Path root) {
    Path dir = root.resolve("tasks");
    try {
      return Optional.of(new KeptTasks(PrivateDirectories.create(dir)));
    } catch (IOException e) {
      LOG.warn("cannot keep task definitions in {}: {}", dir, e.toString());
      return Optional.empty();
    }
  }

  /** The kept definition of {@code taskId} if it is the version updated at {@code updatedAt}. */
  Optional<Task> find(String taskId, long updatedAt) {
    if (!TASK_ID.matcher(taskId).matches()) {
      return Optional.empty();
    }
    Path file = file(taskId);
    Task task;
    try {
      task = Json.read(Files.readString(file), Task.class);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      LOG.warn("kept task definition {} unusable ({}); asking SMS", file, e.toString());
      forget(taskId);
      return Optional.empty();
    }
    return taskId.equals(task.taskId()) && task.updatedAt() == updatedAt
        ? Optional.of(task)
        : Optional.empty();
  }

  /** Keeps a definition SMS gave. */
  void keep(Task task) {
    if (!TASK_ID.matcher(task.taskId()).matches()) {
      return;
    }
    try {
      AtomicFiles.replace(file(task.taskId()), Json.writeBytes(task));
    } catch (IOException e) {
      LOG.warn("cannot keep the definition of task {}: {}", task.taskId(), e.toString());
    }
  }

  /** Drops the definition of a task SMS no longer has. */
  void forget(String taskId) {
    if (!TASK_ID.matcher(taskId).matches()) {
      return;
    }
    try {
      Files.deleteIfExists(file(taskId));
    } catch (IOException e) {
      LOG.warn("cannot drop the kept definition of task {}: {}", taskId, e.toString());
    }
  }

  private Path file(String taskId) {
    return dir.resolve(taskId + ".json");
  }
}
