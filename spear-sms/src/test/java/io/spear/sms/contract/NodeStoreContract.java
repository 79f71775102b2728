package io.spear.sms.contract;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.api.NodeRegistration;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeStatus;
import io.spear.sms.node.NodeStore;
import io.spear.sms.node.NodeUpdate;
import io.spear.support.net.BearerToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What every {@link NodeStore} does. */
public abstract class NodeStoreContract extends StoreContract {

  private NodeStore nodes() {
    return store.nodes();
  }

  @Test
  void aRegisteredNodeIsOnlineAndReadsBack() {
    Node node = register("10.0.0.1");
    assertThat(node.status()).isEqualTo(NodeStatus.ONLINE);
    assertThat(nodes().find(node.uuid())).contains(node);
    assertThat(node.metadata()).containsEntry("zone", "a");
  }

  @Test
  void aNodeRegisteringAgainUnderItsUuidComesBackAsItselfOnlineAtItsNewAddress() {
    Node first = register("10.0.0.1");
    clock.advance(Duration.ofSeconds(100));
    nodes().markOfflineBefore(clock.instant());

    Node again =
        nodes()
            .registerAs(
                first.uuid(), new NodeRegistration("10.0.0.9", 9, 9, Map.of()), clock.instant());

    assertThat(again.uuid()).isEqualTo(first.uuid());
    assertThat(again.status()).isEqualTo(NodeStatus.ONLINE);
    assertThat(again.ipAddress()).isEqualTo("10.0.0.9");
    assertThat(again.registeredAt()).isEqualTo(first.registeredAt());
    assertThat(again.lastHeartbeat()).isEqualTo(clock.instant());
    assertThat(nodes().list(Optional.empty())).extracting(Node::uuid).containsExactly(first.uuid());
  }

  @Test
  void aNodeMayChooseItsUuidAtItsFirstRegistration() {
    String uuid = java.util.UUID.randomUUID().toString();
    Node node =
        nodes().registerAs(uuid, new NodeRegistration("10.0.0.1", 1, 1, Map.of()), clock.instant());
    assertThat(nodes().find(uuid)).contains(node);
  }

  @Test
  void aHeartbeatRecordsHealthAndBringsANodeBackOnline() {
    Node node = register("10.0.0.1");
    clock.advance(Duration.ofSeconds(100));
    assertThat(nodes().markOfflineBefore(clock.instant().minusSeconds(10))).isEqualTo(1);
    assertThat(nodes().find(node.uuid()).orElseThrow().status()).isEqualTo(NodeStatus.OFFLINE);

    Node beat = nodes().heartbeat(node.uuid(), Map.of("in_flight", "3"), clock.instant()).get();
    assertThat(beat.status()).isEqualTo(NodeStatus.ONLINE);
    assertThat(beat.healthInfo()).containsEntry("in_flight", "3");
    assertThat(beat.lastHeartbeat()).isEqualTo(clock.instant());
    assertThat(nodes().heartbeat("no-such-node", Map.of(), clock.instant())).isEmpty();
  }

  @Test
  void onlySilentOnlineNodesAreMarkedOfflineAndEachOnlyOnce() {
    Node silent = register("10.0.0.1");
    clock.advance(Duration.ofSeconds(60));
    Node fresh = register("10.0.0.2");
    Instant cutoff = clock.instant().minusSeconds(30);

    assertThat(nodes().markOfflineBefore(cutoff)).isEqualTo(1);
    assertThat(nodes().markOfflineBefore(cutoff)).isZero();
    assertThat(nodes().list(Optional.of(NodeStatus.OFFLINE)))
        .extracting(Node::uuid)
        .containsExactly(silent.uuid());
    assertThat(nodes().list(Optional.of(NodeStatus.ONLINE)))
        .extracting(Node::uuid)
        .containsExactly(fresh.uuid());
  }

  @Test
  void listingIsOldestRegistrationFirst() {
    Node first = register("10.0.0.1");
    clock.advance(Duration.ofSeconds(1));
    Node second = register("10.0.0.2");
    clock.advance(Duration.ofSeconds(1));
    Node third = register("10.0.0.3");
    assertThat(nodes().list(Optional.empty()))
        .extracting(Node::uuid)
        .containsExactly(first.uuid(), second.uuid(), third.uuid());
  }

  @Test
  void aDeletedNodeIsGone() {
    Node node = register("10.0.0.1");
    assertThat(nodes().delete(node.uuid())).isTrue();
    assertThat(nodes().delete(node.uuid())).isFalse();
    assertThat(nodes().find(node.uuid())).isEmpty();
    assertThat(nodes().list(Optional.empty())).isEmpty();
  }

  @Test
  void aNodeKeepsTheSecretOfItsLatestRegistrationThroughHeartbeatsAndUpdates() {
    Node node =
        nodes()
            .register(
                new NodeRegistration("10.0.0.1", 1, 8081, Map.of()),
                secret("first"),
                clock.instant());
    assertThat(node.forwarding()).isEqualTo(secret("first"));
    nodes().heartbeat(node.uuid(), Map.of("in_flight", "1"), clock.instant());
    nodes()
        .update(
            node.uuid(),
            new NodeUpdate(
                Optional.of("10.0.0.2"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(Map.of("zone", "b"))));
    assertThat(nodes().find(node.uuid()).orElseThrow().forwarding()).isEqualTo(secret("first"));

    nodes()
        .registerAs(
            node.uuid(),
            new NodeRegistration("10.0.0.3", 1, 8081, Map.of()),
            secret("second"),
            clock.instant());
    assertThat(nodes().find(node.uuid()).orElseThrow().forwarding()).isEqualTo(secret("second"));
    assertThat(nodes().list(Optional.empty()))
        .extracting(Node::forwarding)
        .containsExactly(secret("second"));
  }

  @Test
  void aNodeRegisteredWithoutASecretHasNone() {
    Node node = register("10.0.0.1");
    assertThat(nodes().find(node.uuid()).orElseThrow().forwarding().isPresent()).isFalse();
  }

  private static BearerToken secret(String value) {
    return BearerToken.ofNullable(value);
  }

  @Test
  void subscribersHearOfEveryChange() {
    List<String> heard = new CopyOnWriteArrayList<>();
    store.nodeChanges().subscribe(heard::add);

    Node node = register("10.0.0.1");
    eventually(() -> assertThat(heard).containsExactly(node.uuid()));
    nodes().heartbeat(node.uuid(), Map.of(), clock.instant());
    eventually(() -> assertThat(heard).hasSize(2));
    clock.advance(Duration.ofSeconds(100));
    nodes().markOfflineBefore(clock.instant().minusSeconds(10));
    eventually(() -> assertThat(heard).hasSize(3));
    nodes().delete(node.uuid());
    eventually(() -> assertThat(heard).hasSize(4).last().isEqualTo(node.uuid()));
  }

  private Node register(String ip) {
    return nodes()
        .register(new NodeRegistration(ip, 50051, 8081, Map.of("zone", "a")), clock.instant());
  }
}
