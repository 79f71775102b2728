package io.spear.sms.node;

import io.spear.model.api.NodeRegistration;
import io.spear.support.net.BearerToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of a store that one SMS owns alone: a {@link NodeStore} wrapper that tells
 * subscribers about each change it makes, after the change.
 */
public final class LocalNodeChangeFeed implements NodeStore, NodeChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(LocalNodeChangeFeed.class);

  private final NodeStore store;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** Wraps {@code store}; every change must go through this wrapper to be seen. */
  public LocalNodeChangeFeed(NodeStore store) {
    this.store = store;
  }

  @Override
  public void subscribe(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public Node register(NodeRegistration registration, BearerToken forwarding, Instant now) {
    Node node = store.register(registration, forwarding, now);
    changed(node.uuid());
    return node;
  }

  @Override
  public Node registerAs(
      String uuid, NodeRegistration registration, BearerToken forwarding, Instant now) {
    Node node = store.registerAs(uuid, registration, forwarding, now);
    changed(node.uuid());
    return node;
  }

  @Override
  public Optional<Node> heartbeat(String uuid, Map<String, String> healthInfo, Instant now) {
    Optional<Node> node = store.heartbeat(uuid, healthInfo, now);
    node.ifPresent(n -> changed(n.uuid()));
    return node;
  }

  @Override
  public Optional<Node> update(String uuid, NodeUpdate update) {
    Optional<Node> node = store.update(uuid, update);
    node.ifPresent(n -> changed(n.uuid()));
    return node;
  }

  @Override
  public Optional<Node> find(String uuid) {
    return store.find(uuid);
  }

  @Override
  public List<Node> list(Optional<NodeStatus> status) {
    return store.list(status);
  }

  @Override
  public boolean delete(String uuid) {
    boolean deleted = store.delete(uuid);
    if (deleted) {
      changed(uuid);
    }
    return deleted;
  }

  @Override
  public int markOfflineBefore(Instant cutoff) {
    int marked = store.markOfflineBefore(cutoff);
    if (marked > 0) {
      changed(ALL);
    }
    return marked;
  }

  private void changed(String uuid) {
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(uuid);
      } catch (RuntimeException e) {
        // One broken view must not fail the request that changed the node.
        LOG.error("node change listener failed", e);
      }
    }
  }
}
