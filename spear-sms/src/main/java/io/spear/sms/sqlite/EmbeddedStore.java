package io.spear.sms.sqlite;

import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.file.FileStore;
import io.spear.sms.mcp.McpServerStore;
import io.spear.sms.node.NodeStore;
import io.spear.sms.task.TaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup store: {@code <dataDir>/sms.db} (SQLite, WAL) and {@code <dataDir>/blobs}
 * (content-addressed file bytes).
 */
public final class EmbeddedStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

  private final SqliteDatabase db;
  private final SqliteFileStore files;
  private final SqliteTaskStore tasks;
  private final SqliteNodeStore nodes;
  private final SqliteExecutionStore executions;
  private final SqliteMcpServerStore mcpServers;

  private EmbeddedStore(SqliteDatabase db, BlobDirectory blobs, InstantSource clock) {
    this.db = db;
    this.files = new SqliteFileStore(db, blobs, clock);
    this.tasks = new SqliteTaskStore(db, clock);
    this.nodes = new SqliteNodeStore(db);
    this.executions = new SqliteExecutionStore(db, clock);
    this.mcpServers = new SqliteMcpServerStore(db, clock);
  }

  /** Opens (creating and migrating if needed) the store under {@code dataDir}. */
  public static EmbeddedStore open(Path dataDir, InstantSource clock) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create data directory " + dataDir, e);
    }
    SqliteDatabase db = SqliteDatabase.open(dataDir.resolve("sms.db"));
    EmbeddedStore store = new EmbeddedStore(db, new BlobDirectory(dataDir.resolve("blobs")), clock);
    int swept = store.files.sweepOrphans();
    if (swept > 0) {
      LOG.info("removed {} unreferenced blob(s) or upload leftover(s) from {}", swept, dataDir);
    }
    return store;
  }

  /** The files. */
  public FileStore files() {
    return files;
  }

  /** The tasks. */
  public TaskStore tasks() {
    return tasks;
  }

  /** The nodes. */
  public NodeStore nodes() {
    return nodes;
  }

  /** The execution records. */
  public ExecutionStore executions() {
    return executions;
  }

  /** The registered MCP servers. */
  public McpServerStore mcpServers() {
    return mcpServers;
  }

  @Override
  public void close() {
    db.close();
  }
}
