package io.spear.sms.postgres;

import io.spear.sms.jdbc.SqlDialect;
import io.spear.sms.node.NodeChangeFeed;
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
 * Node changes made by any replica, heard through PostgreSQL's {@code LISTEN}: the node store sends
 * a {@code NOTIFY} in the transaction of each change, delivered at its commit to every replica
 * listening (this one included).
 *
 * <p>One connection of the pool is held for listening. When it breaks, changes may have been missed
 * while reconnecting, so subscribers are told to reload everything ({@link #ALL}).
 */
final class PostgresNodeChangeFeed implements NodeChangeFeed, AutoCloseable {

  /** The notification channel; its payload is the node's uuid, or empty for "several". */
  static final String CHANNEL = SqlDialect.NODE_CHANNEL;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresNodeChangeFeed.class);
  private static final int POLL_MS = 500;
  private static final long RECONNECT_MS = 1000;

  private final PostgresDatabase db;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private final CountDownLatch listening = new CountDownLatch(1);
  private volatile boolean closed;

  PostgresNodeChangeFeed(PostgresDatabase db) {
    this.db = db;
    this.thread = Thread.ofPlatform().daemon().name("sms-node-changes").unstarted(this::listen);
  }

  /**
   * Starts listening; returns once the first {@code LISTEN} is in place (or after a few seconds
   * without, the thread retrying), so a view that subscribes and then loads misses nothing.
   */
  PostgresNodeChangeFeed start() {
    thread.start();
    try {
      listening.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return this;
  }

  @Override
  public void subscribe(Consumer<String> listener) {
    listeners.add(listener);
  }

  private void listen() {
    boolean first = true;
    while (!closed) {
      try (Connection c = db.connection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        listening.countDown();
        if (!first) {
          deliver(ALL);
        }
        first = false;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(POLL_MS);
          if (notifications != null) {
            for (PGNotification n : notifications) {
              deliver(n.getParameter());
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

  private void deliver(String uuid) {
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(uuid);
      } catch (RuntimeException e) {
        LOG.error("node change listener failed", e);
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
