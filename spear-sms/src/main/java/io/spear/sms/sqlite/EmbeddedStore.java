package io.spear.sms.sqlite;

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
import io.spear.sms.node.LocalNodeChangeFeed;
import io.spear.sms.node.NodeChangeFeed;
import io.spear.sms.node.NodeResourceStore;
import io.spear.sms.node.NodeStore;
import io.spear.sms.stream.StreamSessionStore;
import io.spear.sms.task.TaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup store: {@code <dataDir>/sms.db} (SQLite, WAL) and {@code <dataDir>/blobs}
 * (content-addressed file bytes).
 */
public final class EmbeddedStore implements SmsStore {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

  private final Path dataDir;
  private final SqliteDatabase db;
  private final JdbcFileStore<BlobDirectory.StagedBlob> files;
  private final BlobFileContents blobs;
  private final JdbcTaskStore tasks;
  private final LocalNodeChangeFeed nodes;
  private final JdbcExecutionStore executions;
  private final JdbcNodeResourceStore nodeResources;
  private final JdbcExecutionFinder executionFinder;
  private final JdbcExecutionLogStore executionLogs;
  private final JdbcMcpServerStore mcpServers;
  private final JdbcStreamSessionStore streamSessions;
  // One process uses this store, so its failure counts need not be written anywhere.
  private final FailureLedger authFailures = FailureLedger.inMemory();

  private EmbeddedStore(
      Path dataDir,
      SqliteDatabase db,
      BlobDirectory blobs,
      InstantSource clock,
      LogLimits logLimits) {
    this.dataDir = dataDir;
    this.db = db;
    this.blobs = new BlobFileContents(blobs);
    this.files = new JdbcFileStore<>(db, this.blobs, clock);
    this.tasks = new JdbcTaskStore(db, clock);
    this.nodes = new LocalNodeChangeFeed(new JdbcNodeStore(db));
    this.executions = new JdbcExecutionStore(db, clock);
    this.nodeResources = new JdbcNodeResourceStore(db);
    this.executionFinder = new JdbcExecutionFinder(db);
    this.executionLogs = new JdbcExecutionLogStore(db, logLimits, clock);
    this.mcpServers = new JdbcMcpServerStore(db, clock);
    this.streamSessions = new JdbcStreamSessionStore(db);
  }

  /** Opens (creating and migrating if needed) the store under {@code dataDir}. */
  public static EmbeddedStore open(Path dataDir, InstantSource clock) {
    return open(dataDir, clock, LogLimits.defaults());
  }

  /** Opens the store with these bounds on execution logs. */
  public static EmbeddedStore open(Path dataDir, InstantSource clock, LogLimits logLimits) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create data directory " + dataDir, e);
    }
    SqliteDatabase db = SqliteDatabase.open(dataDir.resolve("sms.db"));
    EmbeddedStore store =
        new EmbeddedStore(
            dataDir, db, new BlobDirectory(dataDir.resolve("blobs")), clock, logLimits);
    int swept = store.blobs.sweepOrphans(db);
    if (swept > 0) {
      LOG.info("removed {} unreferenced blob(s) or upload leftover(s) from {}", swept, dataDir);
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
  public McpServerStore mcpServers() {
    return mcpServers;
  }

  @Override
  public StreamSessionStore streamSessions() {
    return streamSessions;
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
  public FailureLedger authFailures() {
    return authFailures;
  }

  @Override
  public NodeChangeFeed nodeChanges() {
    return nodes;
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("data_dir", dataDir.toAbsolutePath().toString());
  }

  @Override
  public void close() {
    db.close();
  }
}
