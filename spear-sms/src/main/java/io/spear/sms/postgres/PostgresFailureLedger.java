package io.spear.sms.postgres;

import io.spear.http.auth.FailureLedger;
import io.spear.sms.jdbc.Database;
import io.spear.sms.jdbc.Sql;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failed authentications counted in the shared database: one row per key, counted by a single
 * upsert so that replicas failing the same client at once all count.
 */
final class PostgresFailureLedger implements FailureLedger {

  // A window that ended starts afresh with this failure; the right-hand sides read the old row.
  private static final String UPSERT =
      """
      INSERT INTO auth_failures (failure_key, window_start, failures) VALUES (?, ?, 1)
      ON CONFLICT (failure_key) DO UPDATE SET
        window_start = CASE WHEN auth_failures.window_start <= EXCLUDED.window_start - ?
                            THEN EXCLUDED.window_start ELSE auth_failures.window_start END,
        failures = CASE WHEN auth_failures.window_start <= EXCLUDED.window_start - ?
                        THEN 1 ELSE auth_failures.failures + 1 END
      RETURNING window_start, failures""";

  private final Database db;
  private final AtomicLong nextPurgeMs = new AtomicLong();

  PostgresFailureLedger(Database db) {
    this.db = db;
  }

  @Override
  public Window recordFailure(String key, long nowMs) {
    long windowMs = WINDOW.toMillis();
    purgeNowAndThen(nowMs, windowMs);
    return db.write(
            c ->
                Sql.one(
                    c,
                    UPSERT,
                    r -> new Window(r.getLong("window_start"), r.getLong("failures")),
                    key,
                    nowMs,
                    windowMs,
                    windowMs))
        .orElseThrow();
  }

  // Ended windows carry nothing; once a window per replica, they go.
  private void purgeNowAndThen(long nowMs, long windowMs) {
    long due = nextPurgeMs.get();
    if (nowMs >= due && nextPurgeMs.compareAndSet(due, nowMs + windowMs)) {
      db.write(
          c ->
              Sql.update(c, "DELETE FROM auth_failures WHERE window_start <= ?", nowMs - windowMs));
    }
  }
}
