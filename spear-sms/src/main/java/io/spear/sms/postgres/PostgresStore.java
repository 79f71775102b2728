package io.spear.sms.postgres;

import io.spear.http.auth.FailureLedger;
import io.spear.sms.SmsStore;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.file.FileStore;
import io.spear.sms.history.ExecutionFinder;
import io.spear.sms.jdbc.JdbcExecutionFinder;
import io.spear.sms.jdbc.JdbcExecutionLogStore;
import io.spear.sms.jdbc.JdbcExecutionStore;
import io.spear.sms.jdbc.JdbcFileStore;
import io.spear.sms.jdbc.JdbcMcpServerStore;
import io.spear.sms.jdbc.JdbcNodeResourceStore;
import io.spear.sms.jdbc.JdbcNodeStore;
import io.spear.sms.jdbc.JdbcStreamSessionStore;
import io.spear.sms.jdbc.JdbcTaskStore;
import io.spear.sms.log.ExecutionLogStore;
import io.spear.sms.log.LogLimits;
import io.spear.sms.mcp.McpServerStore;
import io.spear.sms.node.NodeChangeFeed;
import io.spear.sms.node.NodeResourceStore;
import io.spear.sms.node.NodeStore;
import io.spear.sms.stream.StreamSessionStore;
import io.spear.sms.task.TaskStore;
import java.time.InstantSource;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared store: every record and every file's bytes in one PostgreSQL database, so any number
 * of SMS replicas on any machines serve the same platform.
 */
public final class PostgresStore implements SmsStore {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);

  /** Connections per replica; a download holds one while it streams. */
  static final int MAX_CONNECTIONS = 16;

  /** An upload staged this long ago and never published was abandoned by a dead replica. */
  static final long ABANDONED_UPLOAD_SECONDS = 3600;

  private final PostgresUrl url;
  private final PostgresDatabase db;
  private final ChunkedContents contents;
  private final JdbcFileStore<ChunkedContents.StagedChunks> files;
  private final JdbcTaskStore tasks;
  private final JdbcNodeStore nodes;
  private final JdbcExecutionStore executions;
  private final PostgresNodeChangeFeed nodeChanges;
  private final JdbcNodeResourceStore nodeResources;
  private final JdbcExecutionFinder executionFinder;
  private final JdbcExecutionLogStore executionLogs;
  private final JdbcMcpServerStore mcpServers;
  private final JdbcStreamSessionStore streamSessions;
  private final PostgresFailureLedger authFailures;

  private PostgresStore(
      PostgresUrl url, PostgresDatabase db, InstantSource clock, LogLimits logLimits) {
    this.url = url;
    this.db = db;
    this.contents = new ChunkedContents(db);
    this.files = new JdbcFileStore<>(db, contents, clock);
    this.tasks = new JdbcTaskStore(db, clock);
    this.nodes = new JdbcNodeStore(db);
    this.executions = new JdbcExecutionStore(db, clock);
    this.nodeChanges = new PostgresNodeChangeFeed(db);
    // The same SQL runs on both databases (the tables come from each one's migrations).
    this.nodeResources = new JdbcNodeResourceStore(db);
    this.executionFinder = new JdbcExecutionFinder(db);
    this.executionLogs = new JdbcExecutionLogStore(db, logLimits, clock);
    this.mcpServers = new JdbcMcpServerStore(db, clock);
    this.streamSessions = new JdbcStreamSessionStore(db);
    this.authFailures = new PostgresFailureLedger(db);
  }

  /** Connects to (and migrates if needed) the database at {@code url}. */
  public static PostgresStore open(PostgresUrl url, InstantSource clock) {
    return open(url, clock, LogLimits.defaults());
  }

  /** Connects to (and migrates if needed) the database at {@code url}, with these log bounds. */
  public static PostgresStore open(PostgresUrl url, InstantSource clock, LogLimits logLimits) {
    PostgresDatabase db = PostgresDatabase.open(url, MAX_CONNECTIONS);
    PostgresStore store = new PostgresStore(url, db, clock, logLimits);
    try {
      store.nodeChanges.start();
      int swept = store.contents.sweepAbandonedUploads(ABANDONED_UPLOAD_SECONDS);
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
  public FileStore files() {
    return files;
  }

  @Override
  public TaskStore tasks() {
    return tasks;
  }

  @Override
  public NodeStore nodes() {
    return nodes;
  }

  @Override
  public ExecutionStore executions() {
    return executions;
  }

  @Override
  public NodeResourceStore nodeResources() {
    return nodeResources;
  }

  @Override
  public ExecutionFinder executionFinder() {
    return executionFinder;
  }

  @Override
  public ExecutionLogStore executionLogs() {
    return executionLogs;
  }

  @Override
  public McpServerStore mcpServers() {
    return mcpServers;
  }

  @Override
  public StreamSessionStore streamSessions() {
    return streamSessions;
  }

  @Override
  public FailureLedger authFailures() {
    return authFailures;
  }

  @Override
  public NodeChangeFeed nodeChanges() {
    return nodeChanges;
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("database", url.toString());
  }

  @Override
  public void close() {
    nodeChanges.close();
    db.close();
  }
}
