package io.spear.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.client.SmsClient;
import io.spear.client.TaskFilter;
import io.spear.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
    // Read as a tree: binding the page's Task records costs a one-shot command more than its call.
    byte[] answer = sms.listTasksJson(TaskFilter.named(idOrName).page(LISTED, 0));
    JsonNode page = Json.tree(new String(answer, StandardCharsets.UTF_8));
    List<String> ids = new ArrayList<>();
    page.path("tasks").forEach(task -> ids.add(task.path("task_id").asText()));
    if (ids.isEmpty()) {
      throw new CliException(
          "no task named '" + idOrName + "': list tasks with spear tasks list", 1);
    }
    long total = page.path("total_count").asLong(ids.size());
    if (ids.size() > 1) {
      throw new CliException(
          total
              + " tasks are named '"
              + idOrName
              + "': name one by its id: "
              + String.join(", ", ids)
              + (total > ids.size() ? ", …" : ""),
          1);
    }
    return ids.get(0);
  }
}
