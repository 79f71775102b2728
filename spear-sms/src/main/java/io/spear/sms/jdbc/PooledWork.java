package io.spear.sms.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * How both databases run a unit of work on a pooled connection: a read as it comes, a write in one
 * transaction rolled back on any failure. A database adds only what is its own (SQLite's single
 * writer lock).
 */
public final class PooledWork {

  /** The transaction this thread has open, which a write started inside it joins. */
  private record Open(DataSource pool, Connection connection) {}

  private static final ThreadLocal<Open> OPEN = new ThreadLocal<>();

  private PooledWork() {}

  /** Runs work on a pooled connection in auto-commit mode. */
  public static <T> T read(DataSource pool, SqlWork<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreFailureException("database read failed", e);
    }
  }

  /**
   * Runs work in one transaction on a pooled connection; rolls back on any failure. Work started
   * inside another write on the same pool, on the same thread, joins that write's transaction: two
   * stores' writes for one request then cost one commit.
   */
  public static <T> T inTransaction(DataSource pool, SqlWork<T> work) {
    Open open = OPEN.get();
    try {
      if (open != null && open.pool() == pool) {
        return work.run(open.connection());
      }
    } catch (SQLException e) {
      throw new StoreFailureException("database write failed", e);
    }
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      OPEN.set(new Open(pool, c));
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        OPEN.remove();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreFailureException("database write failed", e);
    }
  }
}
