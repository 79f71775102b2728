package io.spear.spearlet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.client.SmsClient;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskSettings;
import io.spear.model.task.TaskStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSettingsOnNodeTest {

  // No SMS is asked: the settings come from the task the node already resolved.
  private final TaskDirectory tasks =
      new TaskDirectory(
          new SmsClient("127.0.0.1:1"), Duration.ofSeconds(5), System::nanoTime, id -> {});

  private static Task task(Map<String, String> config, long updatedAt) {
    return new Task(
        "t1",
        "t",
        "",
        TaskStatus.ACTIVE,
        TaskPriority.NORMAL,
        "",
        "",
        "1",
        null,
        null,
        config,
        null,
        0,
        updatedAt);
  }

  @Test
  void aTaskVersionsSettingsAreParsedOnceAndKeptUntilItChanges() {
    TaskSettings first = tasks.settings(task(Map.of("max_concurrency", "3"), 1));

    assertThat(first.maxConcurrency()).hasValue(3);
    assertThat(tasks.settings(task(Map.of("max_concurrency", "3"), 1))).isSameAs(first);
    assertThat(tasks.settings(task(Map.of("max_concurrency", "4"), 2)).maxConcurrency())
        .hasValue(4);
  }

  @Test
  void aTaskStoredBeforeRegistrationCheckedItsConfigIsRefusedWith422NamingTheKey() {
    Task old = task(Map.of("max_concurrency", "lots"), 1);

    assertThatThrownBy(() -> tasks.settings(old))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("task t1")
        .hasMessageContaining("config.max_concurrency");
    assertThatThrownBy(() -> tasks.settings(old)).isInstanceOf(InvalidConfigurationException.class);
    assertThat(tasks.settings(task(Map.of("max_concurrency", "2"), 2)).maxConcurrency())
        .hasValue(2);
  }
}
