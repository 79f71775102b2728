package io.spear.sms.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.spear.sms.jdbc.Database;
import io.spear.sms.jdbc.PooledWork;
import io.spear.sms.jdbc.SqlDialect;
import io.spear.sms.jdbc.SqlWork;
import io.spear.sms.jdbc.StoreFailureException;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * A pooled connection to the shared PostgreSQL database, migrated by Flyway at open.
 *
 * <p>Unlike the embedded database there is no write lock in this process: several SMS replicas
 * write at once, so every rule that must hold across them is a single statement or a transaction
 * with row locks, never a check made in Java between two statements.
 */
final class PostgresDatabase implements Database, AutoCloseable {

  /** Where this store's migrations live, apart from SQLite's. */
  static final String MIGRATIONS = "classpath:db/postgres/migration";

  private final HikariDataSource pool;

  private PostgresDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Connects and migrates; replicas starting together are serialized by Flyway's own lock. */
  static PostgresDatabase open(PostgresUrl url, int maxConnections) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url.jdbcUrl());
    url.user().ifPresent(hikari::setUsername);
    url.password().ifPresent(hikari::setPassword);
    hikari.setPoolName("sms-postgres");
    hikari.setMaximumPoolSize(maxConnections);
    hikari.setMinimumIdle(1);
    // Fail fast at start when the database is unreachable, with a message naming it.
    hikari.setInitializationFailTimeout(10_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new StoreFailureException("cannot connect to " + url, e);
    }
    try {
      Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new PostgresDatabase(pool);
  }

  /** A connection for work that outlives one call (a download's stream); the caller closes it. */
  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** Runs work on a pooled connection in auto-commit mode. */
  @Override
  public <T> T read(SqlWork<T> work) {
    return PooledWork.read(pool, work);
  }

  /** Runs work in one transaction; rolls back on any failure. */
  @Override
  public <T> T write(SqlWork<T> work) {
    return PooledWork.inTransaction(pool, work);
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.POSTGRESQL;
  }

  @Override
  public void close() {
    pool.close();
  }
}
