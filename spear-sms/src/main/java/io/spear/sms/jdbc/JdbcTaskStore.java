package io.spear.sms.jdbc;

import io.spear.model.api.TaskSpec;
import io.spear.model.error.ConflictException;
import io.spear.model.json.Json;
import io.spear.model.task.Task;
import io.spear.model.task.TaskStatus;
import io.spear.sms.id.Ids;
import io.spear.sms.page.Page;
import io.spear.sms.task.TaskChangeFeed;
import io.spear.sms.task.TaskQuery;
import io.spear.sms.task.TaskStore;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks as rows: filterable columns plus the whole task as a JSON document.
 *
 * <p>The unique endpoint index, not a check in Java, decides between two registrations of one
 * endpoint, so the rule holds between PostgreSQL replicas writing at once as well as in SQLite.
 *
 * <p>It tells its subscribers of each update and deletion once committed, and tells the other
 * replicas as the database can ({@link SqlDialect#notifyTaskChanged}).
 */
public final class JdbcTaskStore implements TaskStore, TaskChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcTaskStore.class);
  private static final Sql.RowMapper<Task> DOCUMENT = r -> Json.read(r.getString(1), Task.class);

  private final Database db;
  private final InstantSource clock;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** Tasks in {@code db}, timestamped by {@code clock}. */
  public JdbcTaskStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  // The loser's insert does nothing, and it reports the winner.
  @Override
  public Task register(TaskSpec r) {
    long nowMs = clock.millis();
    Task task = r.task(Ids.next(), TaskStatus.REGISTERED, nowMs / 1000, nowMs);
    boolean inserted =
        db.write(
            c ->
                Sql.update(
                        c,
                        "INSERT INTO tasks (id, name, status, priority, node_uuid, endpoint,"
                            + " registered_at, document) VALUES (?,?,?,?,?,?,?,?)"
                            + " ON CONFLICT DO NOTHING",
                        task.taskId(),
                        task.name(),
                        task.status().wire(),
                        task.priority().wire(),
                        task.nodeUuid(),
                        task.endpoint(),
                        nowMs,
                        Json.write(task))
                    > 0);
    if (!inserted) {
      throw endpointTaken(task.endpoint(), task.taskId());
    }
    return task;
  }

  // The loser's update fails on the unique index, and it reports the winner.
  @Override
  public void subscribe(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public Optional<Task> update(String taskId, TaskSpec r) {
    Optional<Task> updated = replace(taskId, r);
    updated.ifPresent(t -> changed(taskId));
    return updated;
  }

  private Optional<Task> replace(String taskId, TaskSpec r) {
    String lockRow = "SELECT document FROM tasks WHERE id = ?" + db.dialect().forUpdate();
    try {
      return db.write(
          c -> {
            Optional<Task> old = Sql.one(c, lockRow, DOCUMENT, taskId);
            if (old.isEmpty()) {
              return Optional.empty();
            }
            // The old task's id, status and registration time; its updated_at always grows, even
            // within one millisecond, because nodes take it as the task's version.
            Task was = old.get();
            Task task =
                r.task(
                    was.taskId(),
                    was.status(),
                    was.registeredAt(),
                    Math.max(clock.millis(), was.updatedAt() + 1));
            Sql.update(
                c,
                "UPDATE tasks SET name = ?, priority = ?, node_uuid = ?, endpoint = ?,"
                    + " document = ? WHERE id = ?",
                task.name(),
                task.priority().wire(),
                task.nodeUuid(),
                task.endpoint(),
                Json.write(task),
                taskId);
            db.dialect().notifyTaskChanged(c, taskId);
            return Optional.of(task);
          });
    } catch (StoreFailureException e) {
      if (e.getCause() instanceof SQLException sql && db.dialect().isUniqueViolation(sql)) {
        throw endpointTaken(r.endpoint(), taskId);
      }
      throw e;
    }
  }

  private ConflictException endpointTaken(String endpoint, String taskId) {
    String owner =
        db.read(
                c ->
                    Sql.one(
                        c,
                        "SELECT id FROM tasks WHERE endpoint = ? AND id <> ?",
                        row -> row.getString(1),
                        endpoint,
                        taskId))
            .orElse("(deleted meanwhile)");
    return new ConflictException("endpoint '" + endpoint + "' is taken by task " + owner);
  }

  @Override
  public Optional<Task> find(String taskId) {
    return db.read(c -> Sql.one(c, "SELECT document FROM tasks WHERE id = ?", DOCUMENT, taskId));
  }

  @Override
  public Optional<Task> findByEndpoint(String endpoint) {
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    return db.read(
        c -> Sql.one(c, "SELECT document FROM tasks WHERE endpoint = ?", DOCUMENT, endpoint));
  }

  @Override
  public Page<Task> list(TaskQuery query) {
    List<String> conditions = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    query.name().ifPresent(v -> add(conditions, params, "name = ?", v));
    query.status().ifPresent(v -> add(conditions, params, "status = ?", v.wire()));
    query.priority().ifPresent(v -> add(conditions, params, "priority = ?", v.wire()));
    query.nodeUuid().ifPresent(v -> add(conditions, params, "node_uuid = ?", v));
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    String order = " ORDER BY registered_at DESC, " + db.dialect().insertionOrder() + " DESC";
    return db.read(
        c ->
            new Page<>(
                Sql.list(
                    c,
                    "SELECT document FROM tasks" + where + order + " LIMIT ? OFFSET ?",
                    DOCUMENT,
                    Sql.plus(params, query.page().limit(), query.page().offset())),
                Sql.number(c, "SELECT count(*) FROM tasks" + where, params.toArray())));
  }

  @Override
  public boolean delete(String taskId) {
    boolean deleted =
        db.write(
            c -> {
              boolean gone = Sql.update(c, "DELETE FROM tasks WHERE id = ?", taskId) > 0;
              if (gone) {
                db.dialect().notifyTaskChanged(c, taskId);
              }
              return gone;
            });
    if (deleted) {
      changed(taskId);
    }
    return deleted;
  }

  // After the commit, so that a view reloading at once reads the new state.
  private void changed(String taskId) {
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(taskId);
      } catch (RuntimeException e) {
        // One broken view must not fail the request that changed the task.
        LOG.error("task change listener failed", e);
      }
    }
  }

  private static void add(List<String> conditions, List<Object> params, String sql, Object v) {
    conditions.add(sql);
    params.add(v);
  }
}
