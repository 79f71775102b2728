package io.spear.sms.task;

import java.util.function.Consumer;

/**
 * Tells in-memory views of the tasks (the cache invocations read) that a task was updated or
 * deleted, by this SMS or by any replica sharing its store. Listeners run on the thread that made
 * the change or on the feed's own thread, and must return quickly.
 */
public interface TaskChangeFeed {

  /** Said instead of a task id when changes may have been missed: forget every task. */
  String ALL = "";

  /** Calls {@code listener} with each changed task's id, or {@link #ALL}. */
  void subscribe(Consumer<String> listener);
}
