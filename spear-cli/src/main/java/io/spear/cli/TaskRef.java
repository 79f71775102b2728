package io.spear.cli;

import io.spear.client.SmsClient;
import io.spear.client.TaskFilter;
import io.spear.model.task.Task;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A task as the user names it on the command line: its id, or its name when that names exactly one
 * task (resolved through {@code GET /api/v1/tasks?name=}).
 */
final class TaskRef {

  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  // A name shared by more tasks than this is listed by its first ids only.
  private static final int LISTED = 10;

  private TaskRef() {}

  /**
   * The id of the task {@code idOrName} names: a UUID is taken as an id, anything else as a name.
   *
   * @throws CliException when no task or several tasks have that name (listing their ids)
   */
  static String resolve(SmsClient sms, String idOrName) {
    if (UUID.matcher(idOrName).matches()) {
      return idOrName;
    }
    var page = sms.listTasks(TaskFilter.named(idOrName).page(LISTED, 0));
    List<Task> tasks = page.tasks();
    if (tasks.isEmpty()) {
      throw new CliException(
          "no task named '" + idOrName + "': list tasks with spear tasks list", 1);
    }
    if (tasks.size() > 1) {
      throw new CliException(
          page.totalCount()
              + " tasks are named '"
              + idOrName
              + "': name one by its id: "
              + tasks.stream().map(Task::taskId).collect(Collectors.joining(", "))
              + (page.totalCount() > tasks.size() ? ", …" : ""),
          1);
    }
    return tasks.get(0).taskId();
  }
}
