package io.spear.sms.kv;

import io.javalin.http.Context;
import io.spear.http.auth.AuthGuard;
import io.spear.http.auth.Caller;
import io.spear.http.auth.Role;
import io.spear.model.error.NotFoundException;
import io.spear.model.task.Task;
import io.spear.model.task.TaskSettings;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import io.spear.sms.task.TaskQuery;
import io.spear.sms.task.TaskStore;
import java.util.Optional;

/**
 * Which namespaces a node token may use: those of registered tasks (a task's {@code kv.namespace},
 * else its name), since a node may be sent any task to run. Users and admins use every namespace,
 * viewers read every one; the route's roles say who may write.
 */
final class KvAccess {

  private final TaskStore tasks;

  KvAccess(TaskStore tasks) {
    this.tasks = tasks;
  }

  /**
   * Refuses a node token on a namespace no registered task uses; others pass. To a node such a
   * namespace does not exist (404), as a node it did not register is not its to see.
   */
  void check(Context ctx, String namespace) {
    Optional<Caller> node = AuthGuard.caller(ctx).filter(c -> c.role() == Role.NODE);
    if (node.isPresent() && !taskUses(namespace)) {
      throw new NotFoundException(
          "node token "
              + node.get().name()
              + " may use only the key-value namespaces of registered tasks, and no task uses '"
              + namespace
              + "'");
    }
  }

  private boolean taskUses(String namespace) {
    // Most tasks keep their name as their namespace: one look-up by name before a scan.
    return anyUses(Optional.of(namespace), namespace) || anyUses(Optional.empty(), namespace);
  }

  private boolean anyUses(Optional<String> name, String namespace) {
    for (int offset = 0; ; offset += PageRequest.MAX_LIMIT) {
      Page<Task> page =
          tasks.list(
              new TaskQuery(
                  name,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  new PageRequest(PageRequest.MAX_LIMIT, offset)));
      for (Task task : page.items()) {
        if (TaskSettings.parse(task.config())
            .kvNamespaceOf(task.name())
            .orElse("")
            .equals(namespace)) {
          return true;
        }
      }
      if (page.items().size() < PageRequest.MAX_LIMIT) {
        return false;
      }
    }
  }
}
