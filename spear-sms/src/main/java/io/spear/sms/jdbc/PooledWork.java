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

  private PooledWork() {}

  /** Runs work on a pooled connection in auto-commit mode. */
  public static <T> T read(DataSource pool, SqlWork<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreFailureException("database read failed", e);
    }
  }

  /** Runs work in one transaction on a pooled connection; rolls back on any failure. */
  public static <T> T inTransaction(DataSource pool, SqlWork<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreFailureException("database write failed", e);
    }
  }
}
