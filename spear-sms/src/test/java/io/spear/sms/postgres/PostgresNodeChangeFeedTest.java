package io.spear.sms.postgres;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.api.NodeRegistration;
import io.spear.sms.node.Node;
import io.spear.testing.TestPostgres;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A replica's in-memory view of the nodes hears of changes made through another replica. */
class PostgresNodeChangeFeedTest {

  @Test
  void aReplicaHearsOfNodesRegisteredAndMarkedOfflineByAnother() {
    PostgresUrl url = PostgresUrl.parse(TestPostgres.newDatabase());
    try (PostgresStore a = PostgresStore.open(url, InstantSource.system());
        PostgresStore b = PostgresStore.open(url, InstantSource.system())) {
      List<String> heardByB = new CopyOnWriteArrayList<>();
      b.nodeChanges().subscribe(heardByB::add);

      Instant registeredAt = Instant.parse("2026-01-01T00:00:00Z");
      Node node =
          a.nodes().register(new NodeRegistration("10.0.0.1", 1, 8081, Map.of()), registeredAt);
      eventually(() -> assertThat(heardByB).containsExactly(node.uuid()));

      assertThat(a.nodes().markOfflineBefore(registeredAt.plusSeconds(1))).isEqualTo(1);
      assertThat(b.nodes().markOfflineBefore(registeredAt.plusSeconds(1))).isZero();
      eventually(() -> assertThat(heardByB).containsExactly(node.uuid(), node.uuid()));
    }
  }
}
