package io.spear.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionState;
import io.spear.model.task.TaskPriority;
import org.junit.jupiter.api.Test;

class WireNamesTest {

  @Test
  void constantsGoOnTheWireInLowerCaseAndAreReadBackIgnoringCaseAndBlanks() {
    assertThat(WireNames.of(ExecutionState.CANCELLED)).isEqualTo("cancelled");
    assertThat(WireNames.parse(ExecutionState.class, " Completed "))
        .contains(ExecutionState.COMPLETED);
    assertThat(WireNames.parse(ExecutionState.class, "finished")).isEmpty();
    assertThat(WireNames.parse(ExecutionState.class, null)).isEmpty();
  }

  @Test
  void jacksonUsesTheSameNamesBothWays() {
    assertThat(Json.write(ExecutionMode.ASYNC)).isEqualTo("\"async\"");
    assertThat(Json.read("\"ASYNC\"", ExecutionMode.class)).isEqualTo(ExecutionMode.ASYNC);
    assertThat(Json.write(TaskPriority.URGENT)).isEqualTo("\"urgent\"");
    assertThat(TaskPriority.fromWire("medium")).contains(TaskPriority.NORMAL);
  }
}
