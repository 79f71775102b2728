package io.spear.spearlet.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExecutionRegistryTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void theRegistryHoldsNoMoreThanItsBytesHowEverManyExecutionsRun() {
    ExecutionRegistry registry = new ExecutionRegistry(MIB, Duration.ofHours(1));
    byte[] output = new byte[100];
    for (int i = 0; i < 5_000; i++) {
      Execution execution =
          new Execution(
              ExecutionRecord.accepted("e" + i, "i" + i, "t", "n", "", ExecutionMode.SYNC, i));
      registry.add(execution);
      execution.ended(
          new ExecutionRecord.Ending(
              ExecutionState.COMPLETED, 0, null, null, 1, output.length, false, "", false),
          output,
          i + 1);
      registry.update(execution);
    }

    long perEntry = (long) Execution.OVERHEAD_BYTES + output.length;
    assertThat(registry.size())
        .isLessThanOrEqualTo(MIB / perEntry)
        .isGreaterThan(MIB / perEntry / 2);
  }
}
