package io.spear.sms.task;

import io.spear.egress.EgressPolicy;
import io.spear.model.api.TaskSpec;
import io.spear.model.egress.EgressRule;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.task.TaskSettings;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeStore;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a task whose {@code http.allowed_hosts} would widen the egress policy of every node it
 * may run on (the pinned node, or any registered node), as the nodes reported it at registration.
 */
final class TaskEgressCheck {

  /** The node metadata key under which a Spearlet reports its {@code egress.allow} entries. */
  static final String EGRESS_METADATA = "egress_allow";

  private final NodeStore nodes;

  TaskEgressCheck(NodeStore nodes) {
    this.nodes = nodes;
  }

  void require(TaskSpec registration) {
    Optional<List<EgressRule>> wanted =
        TaskSettings.parse(registration.config()).httpAllowedHosts();
    if (wanted.isEmpty() || wanted.get().isEmpty()) {
      return;
    }
    List<Node> candidates =
        nodes.list(Optional.empty()).stream()
            .filter(
                n -> registration.nodeUuid().isEmpty() || n.uuid().equals(registration.nodeUuid()))
            .toList();
    for (EgressRule rule : wanted.get()) {
      boolean covered =
          candidates.stream().anyMatch(n -> policy(n).widenings(List.of(rule)).isEmpty());
      if (!covered) {
        throw new InvalidRequestException(
            "config.http.allowed_hosts entry '"
                + rule
                + "' is not within the egress policy of any node the task may run on"
                + " (a task may narrow a node's egress.allow, never widen it)");
      }
    }
  }

  private static EgressPolicy policy(Node node) {
    String entries = node.metadata().getOrDefault(EGRESS_METADATA, "");
    try {
      return EgressPolicy.of(
          Arrays.stream(entries.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList());
    } catch (IllegalArgumentException e) {
      return EgressPolicy.NONE; // a node reporting nonsense allows nothing
    }
  }
}
