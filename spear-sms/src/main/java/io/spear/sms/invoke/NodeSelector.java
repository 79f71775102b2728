package io.spear.sms.invoke;

import com.google.errorprone.annotations.MustBeClosed;
import io.spear.model.api.NodeHealth;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeStatus;
import io.spear.sms.node.NodeStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders the online nodes an invocation may go to, least loaded first.
 *
 * <p>Load is what the node reported in its last heartbeat ({@code health_info.in_flight}) plus the
 * invocations this SMS is forwarding to it right now, since heartbeats are seconds apart. Ties
 * rotate, so an idle cluster is used evenly. A node that refused a connection is skipped until it
 * heartbeats again.
 */
public final class NodeSelector {

  private static final Logger LOG = LoggerFactory.getLogger(NodeSelector.class);

  /**
   * How long a snapshot of the online nodes serves invocations. Changes made through this SMS
   * invalidate it at once; the age bounds how late changes made elsewhere (another replica, the
   * store by hand) are seen.
   */
  static final Duration SNAPSHOT_MAX_AGE = Duration.ofSeconds(1);

  private record Snapshot(List<Node> online, Instant takenAt) {}

  private final NodeStore nodes;
  private final InstantSource clock;
  private volatile Snapshot snapshot;
  private final Map<String, AtomicInteger> forwarding = new ConcurrentHashMap<>();
  private final Map<String, Instant> unreachableSince = new ConcurrentHashMap<>();
  private final AtomicLong rotation = new AtomicLong();

  /** A selector over the nodes in {@code nodes}. */
  public NodeSelector(NodeStore nodes, InstantSource clock) {
    this.nodes = nodes;
    this.clock = clock;
  }

  /** Drops the snapshot of online nodes; called when a node registers, heartbeats or leaves. */
  public void invalidate() {
    snapshot = null;
  }

  private List<Node> online() {
    Snapshot current = snapshot;
    Instant now = clock.instant();
    if (current == null || now.isAfter(current.takenAt().plus(SNAPSHOT_MAX_AGE))) {
      current = new Snapshot(List.copyOf(nodes.list(Optional.of(NodeStatus.ONLINE))), now);
      snapshot = current;
      forgetNodesNotIn(current.online());
    }
    return current.online();
  }

  /** Candidates for a task: only its pinned node when it has one, else every online node. */
  public List<Node> candidates(Optional<String> pinnedNode) {
    List<Node> online = new ArrayList<>();
    for (Node node : online()) {
      if (node.httpPort() <= 0 || skipped(node)) {
        continue;
      }
      if (pinnedNode.isEmpty() || pinnedNode.get().equals(node.uuid())) {
        online.add(node);
      }
    }
    if (online.size() > 1) {
      int shift = Math.floorMod(rotation.getAndIncrement(), online.size());
      List<Node> rotated = new ArrayList<>(online.subList(shift, online.size()));
      rotated.addAll(online.subList(0, shift));
      // A stable sort keeps the rotation among equally loaded nodes.
      rotated.sort(Comparator.comparingInt(this::load));
      return rotated;
    }
    return online;
  }

  /** An invocation being forwarded; closing it ends the count. */
  public interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  /** Counts an invocation being forwarded to {@code node}; close the result when it is done. */
  @MustBeClosed
  public Lease forwarding(Node node) {
    AtomicInteger count = forwarding.computeIfAbsent(node.uuid(), k -> new AtomicInteger());
    count.incrementAndGet();
    return count::decrementAndGet;
  }

  /** Drops what is kept of nodes no longer online, so that nodes that come and go leave nothing. */
  private void forgetNodesNotIn(List<Node> online) {
    Set<String> ids = new HashSet<>();
    online.forEach(node -> ids.add(node.uuid()));
    // An idle counter only: one in use belongs to a forward still running.
    forwarding.entrySet().removeIf(e -> !ids.contains(e.getKey()) && e.getValue().get() == 0);
    unreachableSince.keySet().retainAll(ids);
  }

  /** Remembers that {@code node} refused a connection. */
  public void markUnreachable(Node node) {
    unreachableSince.put(node.uuid(), node.lastHeartbeat());
  }

  private boolean skipped(Node node) {
    Instant since = unreachableSince.get(node.uuid());
    if (since == null) {
      return false;
    }
    if (node.lastHeartbeat().isAfter(since)) {
      unreachableSince.remove(node.uuid(), since);
      return false;
    }
    return true;
  }

  private int load(Node node) {
    int reported = 0;
    try {
      reported = Integer.parseInt(node.healthInfo().getOrDefault(NodeHealth.IN_FLIGHT, "0"));
    } catch (NumberFormatException e) {
      // A node that reports nonsense counts as idle rather than being shunned; the node is ours,
      // so this is a bug worth a line in the log.
      LOG.warn("node {} reported a non-numeric in_flight", node.uuid());
    }
    AtomicInteger local = forwarding.get(node.uuid());
    return reported + (local == null ? 0 : local.get());
  }
}
