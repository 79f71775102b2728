package io.spear.sms.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.model.api.TaskSpec;
import io.spear.model.error.ConflictException;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskStatus;
import io.spear.sms.page.PageRequest;
import io.spear.sms.task.TaskQuery;
import io.spear.sms.task.TaskStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link TaskStore} does. */
public abstract class TaskStoreContract extends StoreContract {

  private TaskStore tasks() {
    return store.tasks();
  }

  @Test
  void aRegisteredTaskReadsBackWithStatusRegistered() {
    Task task =
        tasks()
            .register(
                new TaskSpec(
                    "echo",
                    "says it back",
                    TaskPriority.HIGH,
                    "",
                    "echo",
                    "1.2",
                    List.of("wasm"),
                    Map.of("team", "a"),
                    Map.of("k", "v"),
                    null));

    assertThat(task.status()).isEqualTo(TaskStatus.REGISTERED);
    assertThat(tasks().find(task.taskId())).contains(task);
  }

  @Test
  void aTakenEndpointIsAConflictButEmptyEndpointsNeverAre() {
    tasks().register(registration("a", "shared", TaskPriority.NORMAL, ""));
    assertThatThrownBy(() -> tasks().register(registration("b", "shared", TaskPriority.LOW, "")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("shared");
    tasks().register(registration("c", "", TaskPriority.NORMAL, ""));
    tasks().register(registration("d", "", TaskPriority.NORMAL, ""));
    assertThat(tasks().list(query(Optional.empty(), Optional.empty())).totalCount()).isEqualTo(3);
  }

  @Test
  void concurrentRegistrationsOfOneEndpointLetExactlyOneWin() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> attempts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String name = "t" + i;
        attempts.add(
            pool.submit(
                () -> {
                  try {
                    tasks().register(registration(name, "race", TaskPriority.NORMAL, ""));
                    return true;
                  } catch (ConflictException e) {
                    return false;
                  }
                }));
      }
      int won = 0;
      for (Future<Boolean> attempt : attempts) {
        won += attempt.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listingIsNewestFirstFilteredByPriorityAndNodeAndPaged() {
    List<Task> registered = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      registered.add(
          tasks()
              .register(
                  registration(
                      "t" + i,
                      "",
                      i % 2 == 0 ? TaskPriority.HIGH : TaskPriority.LOW,
                      i < 3 ? "node-a" : "")));
      clock.advance(Duration.ofSeconds(1));
    }

    var all = tasks().list(query(Optional.empty(), Optional.empty()));
    assertThat(all.items()).containsExactlyElementsOf(registered.reversed());
    assertThat(all.totalCount()).isEqualTo(6);

    var high = tasks().list(query(Optional.of(TaskPriority.HIGH), Optional.empty()));
    assertThat(high.items())
        .containsExactly(registered.get(4), registered.get(2), registered.get(0));

    var highOnA = tasks().list(query(Optional.of(TaskPriority.HIGH), Optional.of("node-a")));
    assertThat(highOnA.items()).containsExactly(registered.get(2), registered.get(0));

    var registeredOnly =
        tasks()
            .list(
                new TaskQuery(
                    Optional.of(TaskStatus.REGISTERED),
                    Optional.empty(),
                    Optional.empty(),
                    new PageRequest(2, 2)));
    assertThat(registeredOnly.items()).containsExactly(registered.get(3), registered.get(2));
    assertThat(registeredOnly.totalCount()).isEqualTo(6);

    var none =
        tasks()
            .list(
                new TaskQuery(
                    Optional.of(TaskStatus.ACTIVE),
                    Optional.empty(),
                    Optional.empty(),
                    new PageRequest(10, 0)));
    assertThat(none.items()).isEmpty();
    assertThat(none.totalCount()).isZero();
  }

  @Test
  void deletingATaskFreesItsEndpoint() {
    Task task = tasks().register(registration("a", "ep", TaskPriority.NORMAL, ""));
    assertThat(tasks().delete(task.taskId())).isTrue();
    assertThat(tasks().delete(task.taskId())).isFalse();
    assertThat(tasks().find(task.taskId())).isEmpty();
    assertThat(tasks().register(registration("b", "ep", TaskPriority.NORMAL, "")).endpoint())
        .isEqualTo("ep");
  }

  @Test
  void anUpdateKeepsIdStatusAndRegistrationTimeAndAlwaysGrowsUpdatedAt() {
    Task task = tasks().register(registration("a", "ep", TaskPriority.NORMAL, ""));
    assertThat(task.updatedAt()).isEqualTo(clock.millis());

    Task first =
        tasks().update(task.taskId(), registration("a2", "ep", TaskPriority.HIGH, "")).get();
    Task second =
        tasks().update(task.taskId(), registration("a3", "ep", TaskPriority.HIGH, "")).get();

    assertThat(first.taskId()).isEqualTo(task.taskId());
    assertThat(first.status()).isEqualTo(task.status());
    assertThat(first.registeredAt()).isEqualTo(task.registeredAt());
    assertThat(first.name()).isEqualTo("a2");
    assertThat(first.priority()).isEqualTo(TaskPriority.HIGH);
    // The clock did not move: each update is still a new version.
    assertThat(first.updatedAt()).isGreaterThan(task.updatedAt());
    assertThat(second.updatedAt()).isGreaterThan(first.updatedAt());
    assertThat(tasks().find(task.taskId())).contains(second);
    assertThat(tasks().list(query(Optional.of(TaskPriority.HIGH), Optional.empty())).items())
        .containsExactly(second);
  }

  @Test
  void updatingToAnotherTasksEndpointIsAConflictAndChangesNothing() {
    tasks().register(registration("a", "taken", TaskPriority.NORMAL, ""));
    Task b = tasks().register(registration("b", "mine", TaskPriority.NORMAL, ""));

    assertThatThrownBy(
            () -> tasks().update(b.taskId(), registration("b", "taken", TaskPriority.NORMAL, "")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("taken");
    assertThat(tasks().find(b.taskId())).contains(b);
    assertThat(tasks().update(b.taskId(), registration("b", "mine", TaskPriority.LOW, "")))
        .isPresent();
  }

  @Test
  void updatingAnUnknownTaskChangesNothing() {
    assertThat(tasks().update("no-such-task", registration("x", "", TaskPriority.LOW, "")))
        .isEmpty();
    assertThat(tasks().list(query(Optional.empty(), Optional.empty())).totalCount()).isZero();
  }

  @Test
  void tasksCanBeListedByExactName() {
    Task hello = tasks().register(registration("hello", "", TaskPriority.NORMAL, ""));
    tasks().register(registration("hello-2", "", TaskPriority.NORMAL, ""));

    var named =
        tasks()
            .list(
                new TaskQuery(
                    Optional.of("hello"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    new PageRequest(10, 0)));

    assertThat(named.items()).containsExactly(hello);
    assertThat(named.totalCount()).isEqualTo(1);
  }

  private static TaskQuery query(Optional<TaskPriority> priority, Optional<String> node) {
    return new TaskQuery(Optional.empty(), priority, node, new PageRequest(100, 0));
  }

  private static TaskSpec registration(
      String name, String endpoint, TaskPriority priority, String node) {
    return new TaskSpec(
        name, "", priority, node, endpoint, "", List.of(), Map.of(), Map.of(), null);
  }
}
