package io.spear.streams;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user-stream hubs of one node, by execution id: the runtime opens one when a guest that uses
 * streams starts and closes it when the guest ends; the data plane finds (or waits for) it.
 */
public final class UserStreamBroker {

  private final StreamLimits limits;
  private final StreamMetrics metrics = new StreamMetrics();
  private final ConcurrentHashMap<String, UserStreamHub> hubs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<UserStreamHub>> waiting =
      new ConcurrentHashMap<>();

  /** A broker with these limits. */
  public UserStreamBroker(StreamLimits limits) {
    this.limits = limits;
  }

  /** The limits every hub applies. */
  public StreamLimits limits() {
    return limits;
  }

  /** The node's counters. */
  public StreamMetrics metrics() {
    return metrics;
  }

  /**
   * Opens the hub of a starting execution, clients waiting for it attached now; empty when the node
   * already runs its maximum of stream executions.
   */
  public synchronized Optional<UserStreamHub> open(String executionId) {
    if (!hubs.containsKey(executionId) && hubs.size() >= limits.maxStreamExecutions()) {
      metrics.rejected();
      return Optional.empty();
    }
    UserStreamHub[] created = new UserStreamHub[1];
    UserStreamHub hub =
        hubs.computeIfAbsent(
            executionId,
            id -> created[0] = new UserStreamHub(id, limits, metrics, () -> hubs.remove(id)));
    if (created[0] != null) {
      CompletableFuture<UserStreamHub> waiter = waiting.remove(executionId);
      if (waiter != null) {
        waiter.complete(hub);
      }
    }
    return Optional.of(hub);
  }

  /** The hub of a running execution. */
  public Optional<UserStreamHub> find(String executionId) {
    return Optional.ofNullable(hubs.get(executionId));
  }

  /**
   * The hub of an execution, now or once its guest starts; the caller bounds the wait (for an
   * execution still queued) and cancels the future when it gives up.
   */
  public CompletableFuture<UserStreamHub> await(String executionId) {
    UserStreamHub hub = hubs.get(executionId);
    if (hub != null) {
      return CompletableFuture.completedFuture(hub);
    }
    CompletableFuture<UserStreamHub> future =
        waiting.computeIfAbsent(executionId, id -> new CompletableFuture<>());
    // Opened between the lookup and the registration: complete it ourselves.
    hub = hubs.get(executionId);
    if (hub != null && waiting.remove(executionId, future)) {
      future.complete(hub);
    }
    CompletableFuture<UserStreamHub> view = future.copy();
    var _ =
        view.whenComplete(
            (h, e) -> {
              if (e != null) {
                waiting.remove(executionId, future);
              }
            });
    return view;
  }

  /** Hubs open now. */
  public int openHubs() {
    return hubs.size();
  }
}
