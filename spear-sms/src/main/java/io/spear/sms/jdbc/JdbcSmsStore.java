package io.spear.sms.jdbc;

import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.file.FileStore;
import io.spear.sms.history.ExecutionFinder;
import io.spear.sms.kv.KvStore;
import io.spear.sms.log.ExecutionLogStore;
import io.spear.sms.log.LogLimits;
import io.spear.sms.mcp.McpServerStore;
import io.spear.sms.node.NodeResourceStore;
import io.spear.sms.node.NodeStore;
import io.spear.sms.schedule.ScheduleStore;
import io.spear.sms.secret.SecretStore;
import io.spear.sms.store.SmsStore;
import io.spear.sms.stream.StreamSessionStore;
import io.spear.sms.task.TaskChangeFeed;
import io.spear.sms.task.TaskStore;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * Every kind of record over one relational database; a subclass brings what is its database's own:
 * where file bytes live, how node changes are heard, where failed authentications are counted.
 */
public abstract class JdbcSmsStore implements SmsStore {

  private final FileStore files;
  private final JdbcTaskStore tasks;
  private final NodeStore nodes;
  private final ExecutionStore executions;
  private final NodeResourceStore nodeResources;
  private final ExecutionFinder executionFinder;
  private final ExecutionLogStore executionLogs;
  private final McpServerStore mcpServers;
  private final StreamSessionStore streamSessions;
  private final KvStore kv;
  private final ScheduleStore schedules;
  private final SecretStore secrets;
  private final Database db;

  /**
   * The stores of {@code db}, with {@code files} and {@code nodes} made by the subclass (the latter
   * wrapped, say, to tell local listeners of changes), timestamped by {@code clock}.
   */
  protected JdbcSmsStore(
      Database db, FileStore files, NodeStore nodes, InstantSource clock, LogLimits logLimits) {
    this.db = db;
    this.files = files;
    this.nodes = nodes;
    this.tasks = new JdbcTaskStore(db, clock);
    this.executions = new JdbcExecutionStore(db, clock);
    this.nodeResources = new JdbcNodeResourceStore(db);
    this.executionFinder = new JdbcExecutionFinder(db);
    this.executionLogs = new JdbcExecutionLogStore(db, logLimits, clock);
    this.mcpServers = new JdbcMcpServerStore(db, clock);
    this.streamSessions = new JdbcStreamSessionStore(db);
    this.kv = new JdbcKvStore(db, clock);
    this.schedules = new JdbcScheduleStore(db);
    this.secrets = new JdbcSecretStore(db, clock);
  }

  @Override
  public final FileStore files() {
    return files;
  }

  @Override
  public final TaskStore tasks() {
    return tasks;
  }

  /** Changes made through {@link #tasks()}; a shared database adds those of other replicas. */
  @Override
  public TaskChangeFeed taskChanges() {
    return tasks;
  }

  @Override
  public final NodeStore nodes() {
    return nodes;
  }

  @Override
  public final ExecutionStore executions() {
    return executions;
  }

  @Override
  public final <T> T inOneTransaction(Supplier<T> work) {
    return db.write(c -> work.get());
  }

  @Override
  public final NodeResourceStore nodeResources() {
    return nodeResources;
  }

  @Override
  public final ExecutionFinder executionFinder() {
    return executionFinder;
  }

  @Override
  public final ExecutionLogStore executionLogs() {
    return executionLogs;
  }

  @Override
  public final McpServerStore mcpServers() {
    return mcpServers;
  }

  @Override
  public final KvStore kv() {
    return kv;
  }

  @Override
  public final SecretStore secrets() {
    return secrets;
  }

  @Override
  public final StreamSessionStore streamSessions() {
    return streamSessions;
  }

  @Override
  public final ScheduleStore schedules() {
    return schedules;
  }
}
