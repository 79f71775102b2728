package io.spear.sms.invoke;

import io.spear.model.api.NodeMetadata;
import io.spear.model.bound.Bounds;
import io.spear.model.error.ExecutionTimeoutException;
import io.spear.model.error.ResourceExhaustedException;
import io.spear.model.error.UnavailableException;
import io.spear.model.task.Task;
import io.spear.sms.node.Node;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request about a task to an online Spearlet that may run it, least loaded first, and tries
 * the next node when one refuses the connection or is full (bounded spillback). Invocations and the
 * HTTP trigger go through it.
 */
public final class NodeForwarder {

  private static final Logger LOG = LoggerFactory.getLogger(NodeForwarder.class);
  private static final int MAX_ATTEMPTS = 3;

  /** How much longer than the guest's time limit SMS waits for a node's answer. */
  public static final Duration FORWARD_MARGIN = Duration.ofSeconds(10);

  /** The node metadata key under which a Spearlet registers its default time limit. */
  public static final String DEFAULT_TIMEOUT_METADATA = "default_timeout_ms";

  /**
   * The node that answered, and its answer.
   *
   * @param node the node
   * @param response its answer (not 429)
   * @param <T> the body's type
   */
  public record Answer<T>(Node node, NodeResponse<T> response) {}

  /** The request for one node, given the guest's time limit there. */
  @FunctionalInterface
  public interface RequestFor {
    /** The request to send {@code node} ({@link NodeRequest#to} presents its secret). */
    NodeRequest build(Node node, Duration guestTimeout);
  }

  private final NodeSelector selector;
  private final ForwardingClient http;

  /** A forwarder over the nodes {@code selector} offers, sending with {@code http}. */
  public NodeForwarder(NodeSelector selector, ForwardingClient http) {
    this.selector = selector;
    this.http = http;
  }

  /**
   * The first answer of a node to the request about {@code task} other than 429.
   *
   * @param requestedTimeout the caller's time limit; empty for each node's default
   * @throws UnavailableException when no node is online or none could be reached
   * @throws ResourceExhaustedException when every node tried was full
   * @throws ExecutionTimeoutException when a node took the request and did not answer in time
   */
  public <T> Answer<T> forward(
      Task task,
      Optional<Duration> requestedTimeout,
      RequestFor request,
      ForwardingClient.Body<T> body) {
    List<Node> candidates = candidates(task);
    boolean sawFullNode = false;
    int attempts = Math.min(MAX_ATTEMPTS, candidates.size());
    for (int i = 0; i < attempts; i++) {
      Node node = candidates.get(i);
      // The node computes the invocation's deadline; SMS waits for it plus a margin for the trip.
      Duration guestTimeout = requestedTimeout.orElseGet(() -> defaultTimeout(node));
      Optional<NodeResponse<T>> answer =
          send(node, request.build(node, guestTimeout), guestTimeout, body);
      if (answer.isEmpty()) {
        continue; // refused: the next node
      }
      NodeResponse<T> response = answer.get();
      if (response.statusCode() == 429) {
        sawFullNode = true;
        discard(response);
        continue;
      }
      return new Answer<>(node, response);
    }
    if (sawFullNode) {
      throw new ResourceExhaustedException("every node tried is at its limit; retry later");
    }
    throw new UnavailableException("no online node could be reached");
  }

  private List<Node> candidates(Task task) {
    Optional<String> pinned =
        task.nodeUuid().isEmpty() ? Optional.empty() : Optional.of(task.nodeUuid());
    List<Node> candidates = selector.candidates(pinned);
    if (candidates.isEmpty()) {
      throw new UnavailableException(
          pinned.isPresent()
              ? "node "
                  + pinned.get()
                  + " that task "
                  + task.taskId()
                  + " is pinned to is not online"
              : "no online node can take the invocation");
    }
    return candidates;
  }

  /** Sends to one node; empty when it refused the connection, so another may be tried. */
  private <T> Optional<NodeResponse<T>> send(
      Node node, NodeRequest request, Duration guestTimeout, ForwardingClient.Body<T> body) {
    try (NodeSelector.Lease _ = selector.forwarding(node)) {
      return Optional.of(http.send(request, body));
    } catch (ConnectException e) {
      LOG.warn("node {} at {} refused the connection; trying the next", node.uuid(), request.uri());
      selector.markUnreachable(node);
      return Optional.empty();
    } catch (SocketTimeoutException e) {
      // The node took the invocation and its deadline passed: the guest's time is up, whatever
      // the node still does with it.
      throw new ExecutionTimeoutException(
          "node "
              + node.uuid()
              + " did not answer within the invocation's time limit of "
              + guestTimeout.toMillis()
              + " ms");
    } catch (IOException e) {
      // The request may have reached the node: retrying elsewhere could run it twice.
      LOG.warn("forwarding to node {} failed", node.uuid(), e);
      throw new UnavailableException(
          "node "
              + node.uuid()
              + " did not answer the invocation: "
              + e.getClass().getSimpleName());
    }
  }

  /** Frees what an unused answer holds (a streamed body's connection). */
  private static void discard(NodeResponse<?> response) {
    if (response.body() instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("closing an unused answer failed", e);
      }
    }
  }

  /**
   * The time limit a node applies when a request names none, as it registered it. Registration
   * refuses values out of {@link Bounds#DEFAULT_TIMEOUT_MS}; one stored before that check is
   * clamped, so that no node's metadata can hand the client a deadline it cannot compute.
   */
  private static Duration defaultTimeout(Node node) {
    String value = node.metadata().get(DEFAULT_TIMEOUT_METADATA);
    if (value != null) {
      try {
        long ms = Long.parseLong(value.trim());
        if (ms > 0) {
          return Duration.ofMillis(Math.min(ms, Bounds.MAX_TIMEOUT_MS));
        }
      } catch (NumberFormatException e) {
        LOG.warn("node {} registered a non-numeric {}", node.uuid(), DEFAULT_TIMEOUT_METADATA);
      }
    }
    return NodeMetadata.DEFAULT_TIMEOUT;
  }
}
