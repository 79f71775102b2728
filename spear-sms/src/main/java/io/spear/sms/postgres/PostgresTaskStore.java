package io.spear.sms.postgres;

import io.spear.model.error.ConflictException;
import io.spear.model.json.Json;
import io.spear.model.task.Task;
import io.spear.sms.Ids;
import io.spear.sms.Page;
import io.spear.sms.jdbc.Sql;
import io.spear.sms.jdbc.StoreFailureException;
import io.spear.sms.task.TaskQuery;
import io.spear.sms.task.TaskRegistration;
import io.spear.sms.task.TaskStore;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tasks as PostgreSQL rows: filterable columns plus the whole task as a JSON document. */
final class PostgresTaskStore implements TaskStore {

  private static final Sql.RowMapper<Task> DOCUMENT = r -> Json.read(r.getString(1), Task.class);

  private static final String UNIQUE_VIOLATION = "23505";

  private final PostgresDatabase db;
  private final InstantSource clock;

  PostgresTaskStore(PostgresDatabase db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  // The unique endpoint index decides between replicas registering the same endpoint at once:
  // the loser's insert does nothing and it reports the winner.
  @Override
  public Task register(TaskRegistration r) {
    long nowMs = clock.millis();
    Task task = r.newTask(Ids.next(), nowMs);
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
      String owner =
          db.read(
                  c ->
                      Sql.one(
                          c,
                          "SELECT id FROM tasks WHERE endpoint = ?",
                          row -> row.getString(1),
                          task.endpoint()))
              .orElse("(deleted meanwhile)");
      throw new ConflictException("endpoint '" + task.endpoint() + "' is taken by task " + owner);
    }
    return task;
  }

  // The unique endpoint index decides between replicas: the loser's update fails and it reports
  // the winner.
  @Override
  public Optional<Task> update(String taskId, TaskRegistration r) {
    try {
      return db.write(
          c -> {
            Optional<Task> old =
                Sql.one(c, "SELECT document FROM tasks WHERE id = ? FOR UPDATE", DOCUMENT, taskId);
            if (old.isEmpty()) {
              return Optional.empty();
            }
            Task task = r.replacing(old.get(), clock.millis());
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
            return Optional.of(task);
          });
    } catch (StoreFailureException e) {
      if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        String owner =
            db.read(
                    c ->
                        Sql.one(
                            c,
                            "SELECT id FROM tasks WHERE endpoint = ? AND id <> ?",
                            row -> row.getString(1),
                            r.endpoint(),
                            taskId))
                .orElse("(deleted meanwhile)");
        throw new ConflictException("endpoint '" + r.endpoint() + "' is taken by task " + owner);
      }
      throw e;
    }
  }

  @Override
  public Optional<Task> find(String taskId) {
    return db.read(c -> Sql.one(c, "SELECT document FROM tasks WHERE id = ?", DOCUMENT, taskId));
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
    return db.read(
        c ->
            new Page<>(
                Sql.list(
                    c,
                    "SELECT document FROM tasks"
                        + where
                        + " ORDER BY registered_at DESC, seq DESC LIMIT ? OFFSET ?",
                    DOCUMENT,
                    Sql.plus(params, query.page().limit(), query.page().offset())),
                Sql.number(c, "SELECT count(*) FROM tasks" + where, params.toArray())));
  }

  @Override
  public boolean delete(String taskId) {
    return db.write(c -> Sql.update(c, "DELETE FROM tasks WHERE id = ?", taskId) > 0);
  }

  private static void add(List<String> conditions, List<Object> params, String sql, Object v) {
    conditions.add(sql);
    params.add(v);
  }
}
