package io.spear.sms.invoke;

import io.spear.model.task.Task;
import io.spear.sms.task.TaskChangeFeed;
import io.spear.sms.task.TaskStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The tasks as invocations see them, kept in memory so that a call reads no store: an entry is
 * dropped when the task feed says its task was updated or deleted (at once for changes made through
 * this SMS, as PostgreSQL delivers them for other replicas'), and re-read when older than {@link
 * #MAX_AGE} whatever the feed said, which bounds how stale a task can be served.
 *
 * <p>Holds at most one entry per task invoked and per endpoint called, each dropped with its task;
 * unknown ids and endpoints are not kept.
 */
public final class TaskCache {

  /** The longest a task read from the store is served without reading it again. */
  public static final Duration MAX_AGE = Duration.ofSeconds(1);

  private record Entry(Task task, long readAtNanos) {}

  private final TaskStore store;
  private final LongSupplier ticker;
  private final long maxAgeNanos;
  private final Map<String, Entry> byId = new ConcurrentHashMap<>();
  private final Map<String, Entry> byEndpoint = new ConcurrentHashMap<>();
  // Grows with every change heard: a read that started before a change is not kept after it.
  private final AtomicLong changes = new AtomicLong();

  /** A cache of {@code store}, dropping what {@code feed} says changed. */
  public TaskCache(TaskStore store, TaskChangeFeed feed) {
    this(store, feed, System::nanoTime, MAX_AGE);
  }

  /** A cache whose entries age by {@code ticker} (nanoseconds) and live at most {@code maxAge}. */
  public TaskCache(TaskStore store, TaskChangeFeed feed, LongSupplier ticker, Duration maxAge) {
    this.store = store;
    this.ticker = ticker;
    this.maxAgeNanos = maxAge.toNanos();
    feed.subscribe(this::changed);
  }

  /** The task with canonical id {@code taskId}, from memory when read recently and unchanged. */
  public Optional<Task> find(String taskId) {
    return cached(byId, taskId, store::find);
  }

  /** The task that owns {@code endpoint} (lower case), as {@link TaskStore#findByEndpoint}. */
  public Optional<Task> findByEndpoint(String endpoint) {
    return cached(byEndpoint, endpoint, store::findByEndpoint);
  }

  private Optional<Task> cached(
      Map<String, Entry> entries, String key, Function<String, Optional<Task>> read) {
    long now = ticker.getAsLong();
    Entry entry = entries.get(key);
    if (entry != null && now - entry.readAtNanos() < maxAgeNanos) {
      return Optional.of(entry.task());
    }
    long seen = changes.get();
    Optional<Task> task = read.apply(key);
    if (task.isEmpty()) {
      entries.remove(key);
      return task;
    }
    Entry fresh = new Entry(task.get(), now);
    // Atomic with a change's removal of the same key: the change either comes after this (and
    // drops the entry) or before it (and this read, possibly older, is not kept).
    entries.compute(key, (k, old) -> changes.get() == seen ? fresh : old);
    return task;
  }

  private void changed(String taskId) {
    changes.incrementAndGet();
    if (taskId.equals(TaskChangeFeed.ALL)) {
      byId.clear();
    } else {
      byId.remove(taskId);
    }
    // A change may have moved an endpoint; changes are rare, so every endpoint is read again.
    byEndpoint.clear();
  }
}
