package io.spear.sms.store;

import io.spear.http.auth.FailureLedger;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.file.FileStore;
import io.spear.sms.history.ExecutionFinder;
import io.spear.sms.kv.KvStore;
import io.spear.sms.log.ExecutionLogStore;
import io.spear.sms.mcp.McpServerStore;
import io.spear.sms.node.NodeChangeFeed;
import io.spear.sms.node.NodeResourceStore;
import io.spear.sms.node.NodeStore;
import io.spear.sms.schedule.ScheduleStore;
import io.spear.sms.secret.SecretStore;
import io.spear.sms.stream.StreamSessionStore;
import io.spear.sms.task.TaskChangeFeed;
import io.spear.sms.task.TaskStore;
import java.util.Map;
import java.util.function.Supplier;

/** Everything SMS stores, behind one interface per kind of record. */
public interface SmsStore extends AutoCloseable {

  /** The files. */
  FileStore files();

  /** The tasks. */
  TaskStore tasks();

  /** The nodes. */
  NodeStore nodes();

  /** The execution records. */
  ExecutionStore executions();

  /**
   * Runs {@code work} so that the writes of the stores it calls commit together, once (a store on
   * one database joins them in one transaction; others just run it).
   */
  default <T> T inOneTransaction(Supplier<T> work) {
    return work.get();
  }

  /** The nodes' latest resource reports. */
  NodeResourceStore nodeResources();

  /** Execution records across tasks. */
  ExecutionFinder executionFinder();

  /** Executions' log lines. */
  ExecutionLogStore executionLogs();

  /** The registered MCP tool servers. */
  McpServerStore mcpServers();

  /** Key-value state. */
  KvStore kv();

  /** Schedules and their claimed ticks. */
  ScheduleStore schedules();

  /** Named secrets, sealed. */
  SecretStore secrets();

  /** User-stream session tokens. */
  StreamSessionStore streamSessions();

  /** Failed authentications, counted for every SMS sharing this store. */
  FailureLedger authFailures();

  /** Changes to {@link #nodes()}, made here or by any other SMS sharing this store. */
  NodeChangeFeed nodeChanges();

  /**
   * Updates and deletions of {@link #tasks()}, made here or by any other SMS sharing this store.
   */
  TaskChangeFeed taskChanges();

  /** Where the data lives, for {@code /health}; never a password. */
  Map<String, Object> describe();

  @Override
  void close();
}
