package io.spear.sms.jdbc;

import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import io.spear.sms.schedule.Fire;
import io.spear.sms.schedule.Schedule;
import io.spear.sms.schedule.ScheduleStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Schedules and their claimed ticks as rows. A tick is claimed by one conditional {@code UPDATE} of
 * the schedule's next fire time (compare-and-set: only the statement that still finds the old value
 * changes the row; on PostgreSQL a concurrent one waits for the row lock and then finds the new
 * value) plus an insert keyed by (schedule, tick), in one transaction.
 */
public final class JdbcScheduleStore implements ScheduleStore {

  private static final String COLUMNS =
      "id, task_id, cron, every, timezone, input_base64, enabled, next_fire_at, last_fire_at,"
          + " created_at";

  private final Database db;

  /** Schedules in {@code db}. */
  public JdbcScheduleStore(Database db) {
    this.db = db;
  }

  @Override
  public void create(Schedule s) {
    db.write(
        c ->
            Sql.update(
                c,
                "INSERT INTO schedules (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)",
                s.scheduleId(),
                s.taskId(),
                s.cron(),
                s.every(),
                s.timezone(),
                s.inputBase64(),
                s.enabled() ? 1 : 0,
                s.nextFireAtMs(),
                s.lastFireAtMs(),
                s.createdAtMs()));
  }

  @Override
  public Optional<Schedule> find(String scheduleId) {
    return db.read(
        c ->
            Sql.one(
                c,
                "SELECT " + COLUMNS + " FROM schedules WHERE id = ?",
                JdbcScheduleStore::schedule,
                scheduleId));
  }

  @Override
  public Page<Schedule> list(PageRequest page) {
    String order = " ORDER BY created_at DESC, " + db.dialect().insertionOrder() + " DESC";
    return db.read(
        c ->
            new Page<>(
                Sql.list(
                    c,
                    "SELECT " + COLUMNS + " FROM schedules" + order + " LIMIT ? OFFSET ?",
                    JdbcScheduleStore::schedule,
                    page.limit(),
                    page.offset()),
                Sql.number(c, "SELECT count(*) FROM schedules")));
  }

  @Override
  public boolean setEnabled(String scheduleId, boolean enabled, long nextFireAtMs) {
    return db.write(
        c ->
            Sql.update(
                    c,
                    "UPDATE schedules SET enabled = ?, next_fire_at = ? WHERE id = ?",
                    enabled ? 1 : 0,
                    nextFireAtMs,
                    scheduleId)
                > 0);
  }

  @Override
  public boolean delete(String scheduleId) {
    return db.write(
        c -> {
          Sql.update(c, "DELETE FROM schedule_fires WHERE schedule_id = ?", scheduleId);
          return Sql.update(c, "DELETE FROM schedules WHERE id = ?", scheduleId) > 0;
        });
  }

  @Override
  public List<Schedule> due(long nowMs, int limit) {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM schedules WHERE enabled = 1 AND next_fire_at <= ?"
                    + " ORDER BY next_fire_at LIMIT ?",
                JdbcScheduleStore::schedule,
                nowMs,
                limit));
  }

  @Override
  public boolean claim(Fire fire, long nextMs) {
    return db.write(
        c -> {
          // The compare-and-set: the one writer that still sees the claimed tick moves it.
          int won =
              Sql.update(
                  c,
                  "UPDATE schedules SET next_fire_at = ?, last_fire_at = ?"
                      + " WHERE id = ? AND next_fire_at = ? AND enabled = 1",
                  nextMs,
                  fire.tickAtMs(),
                  fire.scheduleId(),
                  fire.tickAtMs());
          if (won == 0) {
            return false;
          }
          Sql.update(
              c,
              "INSERT INTO schedule_fires (schedule_id, tick_at, execution_id, claimed_at,"
                  + " dispatched) VALUES (?,?,?,?,0)",
              fire.scheduleId(),
              fire.tickAtMs(),
              fire.executionId(),
              fire.claimedAtMs());
          return true;
        });
  }

  @Override
  public void dispatched(Fire fire) {
    db.write(
        c ->
            Sql.update(
                c,
                "UPDATE schedule_fires SET dispatched = 1 WHERE schedule_id = ? AND tick_at = ?",
                fire.scheduleId(),
                fire.tickAtMs()));
  }

  @Override
  public List<Fire> stalled(long claimedBeforeMs, int limit) {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT schedule_id, tick_at, execution_id, claimed_at FROM schedule_fires"
                    + " WHERE dispatched = 0 AND claimed_at <= ? ORDER BY claimed_at LIMIT ?",
                r -> new Fire(r.getString(1), r.getLong(2), r.getString(3), r.getLong(4)),
                claimedBeforeMs,
                limit));
  }

  @Override
  public boolean reclaim(Fire fire, long nowMs) {
    return db.write(
        c ->
            Sql.update(
                    c,
                    "UPDATE schedule_fires SET claimed_at = ? WHERE schedule_id = ? AND tick_at = ?"
                        + " AND claimed_at = ? AND dispatched = 0",
                    nowMs,
                    fire.scheduleId(),
                    fire.tickAtMs(),
                    fire.claimedAtMs())
                > 0);
  }

  @Override
  public int forget(long beforeMs) {
    return db.write(
        c ->
            Sql.update(
                c, "DELETE FROM schedule_fires WHERE dispatched = 1 AND tick_at < ?", beforeMs));
  }

  private static Schedule schedule(ResultSet r) throws SQLException {
    return new Schedule(
        r.getString("id"),
        r.getString("task_id"),
        r.getString("cron"),
        r.getString("every"),
        r.getString("timezone"),
        r.getString("input_base64"),
        r.getInt("enabled") == 1,
        r.getLong("next_fire_at"),
        r.getLong("last_fire_at"),
        r.getLong("created_at"));
  }
}
