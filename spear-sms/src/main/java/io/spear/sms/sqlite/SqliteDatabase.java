package io.spear.sms.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.spear.sms.jdbc.Database;
import io.spear.sms.jdbc.PooledWork;
import io.spear.sms.jdbc.SqlDialect;
import io.spear.sms.jdbc.SqlWork;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded SQLite database in WAL mode: migrated by Flyway at open, many readers, one writer.
 */
final class SqliteDatabase implements Database, AutoCloseable {

  private final HikariDataSource pool;
  // SQLite admits one writer; serializing writes here avoids SQLITE_BUSY on lock upgrades.
  private final ReentrantLock writeLock = new ReentrantLock();

  private SqliteDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Opens (creating if needed) and migrates the database file. */
  public static SqliteDatabase open(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: a committed row survives power loss, matching the fsynced blob it points at.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    // Else every insert runs a second query for its row id, which no store reads.
    config.setGetGeneratedKeys(false);
    config.enforceForeignKeys(true);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());

    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(sqlite);
    hikari.setPoolName("sms-sqlite");
    hikari.setMaximumPoolSize(4);
    hikari.setMinimumIdle(1);
    HikariDataSource pool = new HikariDataSource(hikari);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration/sqlite")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new SqliteDatabase(pool);
  }

  /** Runs read-only work on a pooled connection. */
  @Override
  public <T> T read(SqlWork<T> work) {
    return PooledWork.read(pool, work);
  }

  /** Runs work in one transaction while holding the write lock; rolls back on any failure. */
  @Override
  public <T> T write(SqlWork<T> work) {
    writeLock.lock();
    try {
      return PooledWork.inTransaction(pool, work);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.SQLITE;
  }

  @Override
  public void close() {
    pool.close();
  }
}
