package io.spear.sms.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.api.NodeRegistration;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link io.spear.sms.node.NodeResourceStore} does with the nodes it reports on. */
public abstract class NodeResourceStoreContract extends StoreContract {

  @Test
  void aNodeRegisteringAgainAfterItsDeletionStartsWithoutItsOldResourceReport() {
    NodeRegistration registration = new NodeRegistration("10.0.0.1", 1, 1, Map.of());
    Node node = store.nodes().register(registration, clock.instant());
    store.nodeResources().put(report(node.uuid()));
    assertThat(store.nodeResources().find(node.uuid())).isPresent();

    store.nodes().delete(node.uuid());
    store.nodes().registerAs(node.uuid(), registration, clock.instant());

    assertThat(store.nodeResources().find(node.uuid())).isEmpty();
    assertThat(store.nodeResources().list()).isEmpty();
  }

  private NodeResource report(String uuid) {
    return new NodeResource(
        uuid,
        50,
        50,
        1000,
        500,
        500,
        10,
        1000,
        100,
        0,
        0,
        0.5,
        0.5,
        0.5,
        Map.of(),
        clock.instant().getEpochSecond());
  }
}
