package io.spear.sms.node;

import java.util.function.Consumer;

/**
 * Tells in-memory views of the nodes (such as a cache of online nodes) that a node changed:
 * registered, heartbeated, marked offline or deleted, by this SMS or by any replica sharing its
 * store. Listeners run on the feed's own thread and must return quickly.
 */
public interface NodeChangeFeed {

  /** Said instead of a uuid when changes may have been missed: reload every node. */
  String ALL = "";

  /** Calls {@code listener} with each changed node's uuid, or {@link #ALL}. */
  void subscribe(Consumer<String> listener);
}
