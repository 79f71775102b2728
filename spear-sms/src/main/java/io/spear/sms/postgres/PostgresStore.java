package io.spear.sms.postgres;

import io.spear.http.auth.FailureLedger;
import io.spear.sms.jdbc.JdbcFileStore;
import io.spear.sms.jdbc.JdbcNodeStore;
import io.spear.sms.jdbc.JdbcSmsStore;
import io.spear.sms.log.LogLimits;
import io.spear.sms.node.NodeChangeFeed;
import io.spear.sms.secret.SecretsKey;
import io.spear.sms.task.TaskChangeFeed;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared store: every record and every file's bytes in one PostgreSQL database, so any number
 * of SMS replicas on any machines serve the same platform.
 */
public final class PostgresStore extends JdbcSmsStore {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);

  /** Connections per replica; a download holds one while it streams. */
  static final int MAX_CONNECTIONS = 16;

  /** An upload staged this long ago and never published was abandoned by a dead replica. */
  static final long ABANDONED_UPLOAD_SECONDS = 3600;

  private final PostgresUrl url;
  private final PostgresDatabase db;
  private final PostgresChangeFeed changes;
  private final PostgresFailureLedger authFailures;

  private PostgresStore(
      PostgresUrl url,
      PostgresDatabase db,
      ChunkedContents contents,
      InstantSource clock,
      LogLimits logLimits,
      Optional<SecretsKey> key) {
    // The nodes tell every replica of a change through the database (LISTEN/NOTIFY).
    super(
        db, new JdbcFileStore<>(db, contents, clock), new JdbcNodeStore(db, key), clock, logLimits);
    this.url = url;
    this.db = db;
    this.changes = new PostgresChangeFeed(db);
    this.authFailures = new PostgresFailureLedger(db);
  }

  /** Connects to (and migrates if needed) the database at {@code url}. */
  public static PostgresStore open(PostgresUrl url, InstantSource clock) {
    return open(url, clock, LogLimits.defaults());
  }

  /** Connects to (and migrates if needed) the database at {@code url}, with these log bounds. */
  public static PostgresStore open(PostgresUrl url, InstantSource clock, LogLimits logLimits) {
    return open(url, clock, logLimits, Optional.empty());
  }

  /**
   * Connects to the database at {@code url}, keeping nodes' forwarding secrets sealed under {@code
   * key} if given (every replica needs the same key).
   */
  public static PostgresStore open(
      PostgresUrl url, InstantSource clock, LogLimits logLimits, Optional<SecretsKey> key) {
    PostgresDatabase db = PostgresDatabase.open(url, MAX_CONNECTIONS);
    ChunkedContents contents = new ChunkedContents(db);
    PostgresStore store = new PostgresStore(url, db, contents, clock, logLimits, key);
    try {
      store.changes.start();
      int swept = contents.sweepAbandonedUploads(ABANDONED_UPLOAD_SECONDS);
      if (swept > 0) {
        LOG.info("removed {} abandoned upload(s) from {}", swept, url);
      }
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  @Override
  public FailureLedger authFailures() {
    return authFailures;
  }

  @Override
  public NodeChangeFeed nodeChanges() {
    return changes.nodes();
  }

  /** This replica's changes as soon as made, and every replica's as PostgreSQL delivers them. */
  @Override
  public TaskChangeFeed taskChanges() {
    TaskChangeFeed local = super.taskChanges();
    return listener -> {
      local.subscribe(listener);
      changes.tasks().subscribe(listener);
    };
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("database", url.toString());
  }

  @Override
  public void close() {
    changes.close();
    db.close();
  }
}
