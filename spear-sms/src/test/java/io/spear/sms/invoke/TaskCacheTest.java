package io.spear.sms.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.api.TaskSpec;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import io.spear.sms.page.Page;
import io.spear.sms.sqlite.EmbeddedStore;
import io.spear.sms.task.TaskQuery;
import io.spear.sms.task.TaskStore;
import io.spear.testing.FakeTicker;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskCacheTest {

  @TempDir Path dataDir;
  private EmbeddedStore store;
  private final FakeTicker ticker = new FakeTicker();
  private final AtomicInteger reads = new AtomicInteger();
  private Runnable duringRead = () -> {};

  @BeforeEach
  void open() {
    store = EmbeddedStore.open(dataDir, InstantSource.system());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private TaskCache cache() {
    return new TaskCache(new CountingTasks(), store.taskChanges(), ticker, TaskCache.MAX_AGE);
  }

  @Test
  void anUnchangedTaskIsReadFromTheStoreOnceWithinItsMaxAge() {
    Task task = store.tasks().register(registration("v1"));
    TaskCache cache = cache();

    for (int i = 0; i < 100; i++) {
      assertThat(cache.find(task.taskId())).contains(task);
    }
    assertThat(reads).hasValue(1);

    ticker.advance(TaskCache.MAX_AGE);
    assertThat(cache.find(task.taskId())).contains(task);
    assertThat(reads).hasValue(2);
  }

  @Test
  void anUpdateIsSeenByTheNextInvocationWithoutWaitingForTheMaxAge() {
    Task v1 = store.tasks().register(registration("v1"));
    TaskCache cache = cache();
    assertThat(cache.find(v1.taskId())).contains(v1);

    Task v2 = store.tasks().update(v1.taskId(), registration("v2")).orElseThrow();

    assertThat(cache.find(v1.taskId())).contains(v2);
    assertThat(v2.updatedAt()).isGreaterThan(v1.updatedAt());
  }

  @Test
  void aDeletedTaskIsNoLongerServed() {
    Task task = store.tasks().register(registration("v1"));
    TaskCache cache = cache();
    assertThat(cache.find(task.taskId())).isPresent();

    assertThat(store.tasks().delete(task.taskId())).isTrue();

    assertThat(cache.find(task.taskId())).isEmpty();
  }

  @Test
  void aChangeTheFeedMissedIsSeenOnceTheMaxAgeHasPassed() {
    Task v1 = store.tasks().register(registration("v1"));
    // A feed that hears nothing: only the age bounds how long v1 is served.
    TaskCache deaf = new TaskCache(new CountingTasks(), listener -> {}, ticker, TaskCache.MAX_AGE);
    assertThat(deaf.find(v1.taskId())).contains(v1);
    Task v2 = store.tasks().update(v1.taskId(), registration("v2")).orElseThrow();

    assertThat(deaf.find(v1.taskId())).contains(v1);
    ticker.advance(TaskCache.MAX_AGE);
    assertThat(deaf.find(v1.taskId())).contains(v2);
  }

  @Test
  void aReadThatOverlapsAChangeIsNotKept() {
    Task v1 = store.tasks().register(registration("v1"));
    TaskCache cache = cache();
    // The read returns v1 while an update commits and is announced: v1 may be stale already.
    duringRead =
        () -> {
          duringRead = () -> {};
          store.tasks().update(v1.taskId(), registration("v2"));
        };
    cache.find(v1.taskId());

    assertThat(cache.find(v1.taskId()).orElseThrow().version()).isEqualTo("v2");
  }

  @Test
  void anUnknownTaskIsNotKept() {
    TaskCache cache = cache();
    assertThat(cache.find("no-such-task")).isEmpty();
    assertThat(cache.find("no-such-task")).isEmpty();
    assertThat(reads).hasValue(2);
  }

  @Test
  void anEndpointMovedByAnUpdateIsServedByItsNewOwnerOnly() {
    Task v1 = store.tasks().register(registration("v1", "hello"));
    TaskCache cache = cache();
    assertThat(cache.findByEndpoint("hello")).contains(v1);
    assertThat(cache.findByEndpoint("hello")).contains(v1);

    Task v2 = store.tasks().update(v1.taskId(), registration("v2", "greet")).orElseThrow();

    assertThat(cache.findByEndpoint("hello")).isEmpty();
    assertThat(cache.findByEndpoint("greet")).contains(v2);
  }

  private static TaskSpec registration(String version) {
    return registration(version, "");
  }

  private static TaskSpec registration(String version, String endpoint) {
    return new TaskSpec(
        "echo",
        "",
        TaskPriority.NORMAL,
        "",
        endpoint,
        version,
        List.of(),
        Map.of(),
        Map.of(),
        null);
  }

  /** The store's tasks, counting reads by id. */
  private final class CountingTasks implements TaskStore {

    @Override
    public Task register(TaskSpec registration) {
      return store.tasks().register(registration);
    }

    @Override
    public Optional<Task> update(String taskId, TaskSpec registration) {
      return store.tasks().update(taskId, registration);
    }

    @Override
    public Optional<Task> find(String taskId) {
      reads.incrementAndGet();
      Optional<Task> task = store.tasks().find(taskId);
      duringRead.run();
      return task;
    }

    @Override
    public Page<Task> list(TaskQuery query) {
      return store.tasks().list(query);
    }

    @Override
    public boolean delete(String taskId) {
      return store.tasks().delete(taskId);
    }
  }
}
