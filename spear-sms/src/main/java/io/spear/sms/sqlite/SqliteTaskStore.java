package io.spear.sms.sqlite;

import io.spear.model.error.ConflictException;
import io.spear.model.json.Json;
import io.spear.model.task.Task;
import io.spear.model.task.TaskStatus;
import io.spear.sms.Ids;
import io.spear.sms.Page;
import io.spear.sms.task.TaskQuery;
import io.spear.sms.task.TaskRegistration;
import io.spear.sms.task.TaskStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tasks as SQLite rows: filterable columns plus the whole task as a JSON document. */
final class SqliteTaskStore implements TaskStore {

  private final SqliteDatabase db;
  private final InstantSource clock;

  SqliteTaskStore(SqliteDatabase db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Task register(TaskRegistration r) {
    long nowMs = clock.millis();
    long nowSeconds = nowMs / 1000;
    Task task =
        new Task(
            Ids.next(),
            r.name(),
            r.description(),
            TaskStatus.REGISTERED,
            r.priority(),
            r.nodeUuid(),
            r.endpoint(),
            r.version(),
            r.capabilities(),
            r.metadata(),
            r.config(),
            r.executable().orElse(null),
            nowSeconds,
            nowSeconds);
    return db.write(
        c -> {
          if (!task.endpoint().isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement("SELECT id FROM tasks WHERE endpoint = ?")) {
              s.setString(1, task.endpoint());
              try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                  throw new ConflictException(
                      "endpoint '" + task.endpoint() + "' is taken by task " + rs.getString(1));
                }
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO tasks (id, name, status, priority, node_uuid, endpoint,"
                      + " registered_at, document) VALUES (?,?,?,?,?,?,?,?)")) {
            s.setString(1, task.taskId());
            s.setString(2, task.name());
            s.setString(3, task.status().wire());
            s.setString(4, task.priority().wire());
            s.setString(5, task.nodeUuid());
            s.setString(6, task.endpoint());
            s.setLong(7, nowMs);
            s.setString(8, Json.write(task));
            s.executeUpdate();
          }
          return task;
        });
  }

  @Override
  public Optional<Task> find(String taskId) {
    return db.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT document FROM tasks WHERE id = ?")) {
            s.setString(1, taskId);
            try (ResultSet r = s.executeQuery()) {
              return r.next()
                  ? Optional.of(Json.read(r.getString(1), Task.class))
                  : Optional.<Task>empty();
            }
          }
        });
  }

  @Override
  public Page<Task> list(TaskQuery query) {
    List<String> conditions = new ArrayList<>();
    List<String> values = new ArrayList<>();
    query.status().ifPresent(v -> add(conditions, values, "status = ?", v.wire()));
    query.priority().ifPresent(v -> add(conditions, values, "priority = ?", v.wire()));
    query.nodeUuid().ifPresent(v -> add(conditions, values, "node_uuid = ?", v));
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    return db.read(
        c -> {
          long total;
          try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM tasks" + where)) {
            bind(s, values);
            try (ResultSet r = s.executeQuery()) {
              r.next();
              total = r.getLong(1);
            }
          }
          List<Task> items = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT document FROM tasks"
                      + where
                      + " ORDER BY registered_at DESC, rowid DESC LIMIT ? OFFSET ?")) {
            int next = bind(s, values);
            s.setInt(next, query.page().limit());
            s.setInt(next + 1, query.page().offset());
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                items.add(Json.read(r.getString(1), Task.class));
              }
            }
          }
          return new Page<>(items, total);
        });
  }

  @Override
  public boolean delete(String taskId) {
    return db.write(
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM tasks WHERE id = ?")) {
            s.setString(1, taskId);
            return s.executeUpdate() > 0;
          }
        });
  }

  private static void add(List<String> conditions, List<String> values, String sql, String v) {
    conditions.add(sql);
    values.add(v);
  }

  private static int bind(PreparedStatement s, List<String> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      s.setString(i + 1, values.get(i));
    }
    return values.size() + 1;
  }
}
