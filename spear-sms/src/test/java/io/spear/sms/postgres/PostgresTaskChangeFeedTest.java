package io.spear.sms.postgres;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.api.TaskSpec;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import io.spear.sms.invoke.TaskCache;
import io.spear.testing.FakeTicker;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A replica's cache of tasks hears of updates and deletions made through another replica. */
class PostgresTaskChangeFeedTest {

  @Test
  void aTaskUpdatedOrDeletedThroughOneReplicaIsNotServedStaleByAnother() {
    PostgresUrl url = PostgresUrl.parse(TestPostgres.newDatabase());
    try (PostgresStore a = PostgresStore.open(url, InstantSource.system());
        PostgresStore b = PostgresStore.open(url, InstantSource.system())) {
      // A ticker that never moves: only the feed can make B read the task again.
      TaskCache cacheOfB =
          new TaskCache(b.tasks(), b.taskChanges(), new FakeTicker(), TaskCache.MAX_AGE);
      // Subscribed after the cache, so heard here once the cache has dropped the task.
      List<String> heardByB = new CopyOnWriteArrayList<>();
      b.taskChanges().subscribe(heardByB::add);
      Task v1 = a.tasks().register(registration("v1"));
      assertThat(cacheOfB.find(v1.taskId())).contains(v1);

      Task v2 = a.tasks().update(v1.taskId(), registration("v2")).orElseThrow();
      eventually(() -> assertThat(heardByB).containsExactly(v1.taskId()));
      assertThat(cacheOfB.find(v1.taskId())).contains(v2);

      assertThat(a.tasks().delete(v1.taskId())).isTrue();
      eventually(() -> assertThat(heardByB).hasSize(2));
      assertThat(cacheOfB.find(v1.taskId())).isEmpty();
    }
  }

  private static TaskSpec registration(String version) {
    return new TaskSpec(
        "echo", "", TaskPriority.NORMAL, "", "", version, List.of(), Map.of(), Map.of(), null);
  }
}
