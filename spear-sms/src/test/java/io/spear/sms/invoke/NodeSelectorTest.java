package io.spear.sms.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.api.NodeRegistration;
import io.spear.sms.node.Node;
import io.spear.sms.sqlite.EmbeddedStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSelectorTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @TempDir Path dataDir;

  @Test
  void aThousandEndedForwardsLeaveNoLoadBehind() {
    try (EmbeddedStore store = EmbeddedStore.open(dataDir, InstantSource.fixed(NOW))) {
      NodeSelector selector = new NodeSelector(store.nodes(), InstantSource.fixed(NOW));
      Node a = store.nodes().register(registration(9001), NOW);
      for (int i = 0; i < 1000; i++) {
        try (NodeSelector.Lease _ = selector.forwarding(a)) {
          assertThat(selector.candidates(Optional.empty())).containsExactly(a);
        }
      }
      Node b = store.nodes().register(registration(9002), NOW);
      selector.invalidate();

      assertThat(firstChoices(selector, 40))
          .containsEntry(a.uuid(), 20)
          .containsEntry(b.uuid(), 20);
    }
  }

  @Test
  void reportedLoadAndOpenForwardsSendTrafficToTheLessLoadedNode() {
    try (EmbeddedStore store = EmbeddedStore.open(dataDir, InstantSource.fixed(NOW))) {
      NodeSelector selector = new NodeSelector(store.nodes(), InstantSource.fixed(NOW));
      Node busy = store.nodes().register(registration(9001), NOW);
      Node idle = store.nodes().register(registration(9002), NOW);
      store.nodes().heartbeat(busy.uuid(), Map.of("in_flight", "3"), NOW);

      assertThat(firstChoices(selector, 10)).containsOnlyKeys(idle.uuid());

      try (NodeSelector.Lease _ = selector.forwarding(idle);
          NodeSelector.Lease _ = selector.forwarding(idle);
          NodeSelector.Lease _ = selector.forwarding(idle);
          NodeSelector.Lease _ = selector.forwarding(idle)) {
        assertThat(selector.candidates(Optional.empty()).getFirst().uuid()).isEqualTo(busy.uuid());
      }
      assertThat(selector.candidates(Optional.empty()).getFirst().uuid()).isEqualTo(idle.uuid());
    }
  }

  private static Map<String, Integer> firstChoices(NodeSelector selector, int calls) {
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < calls; i++) {
      first.merge(selector.candidates(Optional.empty()).getFirst().uuid(), 1, Integer::sum);
    }
    return first;
  }

  private static NodeRegistration registration(int httpPort) {
    return new NodeRegistration("127.0.0.1", 1, httpPort, Map.of());
  }
}
