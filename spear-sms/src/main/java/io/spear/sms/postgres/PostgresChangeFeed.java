package io.spear.sms.postgres;

import io.spear.sms.jdbc.SqlDialect;
import io.spear.sms.node.NodeChangeFeed;
import io.spear.sms.task.TaskChangeFeed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node and task changes made by any replica, heard through PostgreSQL's {@code LISTEN}: the node
 * and task stores send a {@code NOTIFY} in the transaction of each change, delivered at its commit
 * to every replica listening (this one included).
 *
 * <p>One connection of the pool is held for listening. When it breaks, changes may have been missed
 * while reconnecting, so subscribers are told to reload everything ({@link NodeChangeFeed#ALL}).
 */
final class PostgresChangeFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeFeed.class);
  private static final int POLL_MS = 500;
  private static final long RECONNECT_MS = 1000;

  private final PostgresDatabase db;
  private final List<Consumer<String>> nodeListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> taskListeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private final CountDownLatch listening = new CountDownLatch(1);
  private volatile boolean closed;

  PostgresChangeFeed(PostgresDatabase db) {
    this.db = db;
    this.thread = Thread.ofPlatform().daemon().name("sms-changes").unstarted(this::listen);
  }

  /**
   * Starts listening; returns once the first {@code LISTEN} is in place (or after a few seconds
   * without, the thread retrying), so a view that subscribes and then loads misses nothing.
   */
  PostgresChangeFeed start() {
    thread.start();
    try {
      listening.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return this;
  }

  /** Changes of nodes; the payload is a node's uuid, or empty for "several". */
  NodeChangeFeed nodes() {
    return nodeListeners::add;
  }

  /** Updates and deletions of tasks; the payload is a task's id. */
  TaskChangeFeed tasks() {
    return taskListeners::add;
  }

  private void listen() {
    boolean first = true;
    while (!closed) {
      try (Connection c = db.connection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + SqlDialect.NODE_CHANNEL);
          s.execute("LISTEN " + SqlDialect.TASK_CHANNEL);
        }
        listening.countDown();
        if (!first) {
          deliver(nodeListeners, NodeChangeFeed.ALL);
          deliver(taskListeners, TaskChangeFeed.ALL);
        }
        first = false;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(POLL_MS);
          if (notifications != null) {
            for (PGNotification n : notifications) {
              boolean task = SqlDialect.TASK_CHANNEL.equals(n.getName());
              deliver(task ? taskListeners : nodeListeners, n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("listening for node changes failed, reconnecting: {}", e.toString());
        first = false;
        try {
          Thread.sleep(RECONNECT_MS);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private static void deliver(List<Consumer<String>> listeners, String id) {
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(id);
      } catch (RuntimeException e) {
        LOG.error("change listener failed", e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(POLL_MS * 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
