package io.spear.spearlet.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.error.ErrorCode;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExecutionTest {

  private final Execution execution =
      new Execution(ExecutionRecord.accepted("e1", "i1", "t1", "n1", "", ExecutionMode.SYNC, 10));

  @Test
  void theFirstEndingWinsAndLaterOnesChangeNothing() throws Exception {
    execution.running("inst", true, 20);
    execution.ended(ending(ExecutionState.COMPLETED, null), bytes("out"), 30);
    execution.ended(ending(ExecutionState.CANCELLED, ErrorCode.EXECUTION_CANCELLED), bytes(""), 40);
    execution.running("other", false, 50);

    Execution.Snapshot s = execution.snapshot();
    assertThat(s.record().status()).isEqualTo(ExecutionState.COMPLETED);
    assertThat(s.record().instanceId()).isEqualTo("inst");
    assertThat(s.record().completedAtMs()).isEqualTo(30);
    assertThat(s.record().durationUs()).isEqualTo(1_500);
    assertThat(s.record().durationMs()).isEqualTo(1);
    assertThat(s.record().coldStart()).isTrue();
    assertThat(s.output()).isEqualTo(bytes("out"));
    assertThat(execution.awaitEnd(0)).isTrue();
  }

  @Test
  void aSnapshotTakenEarlierNeverChanges() {
    Execution.Snapshot pending = execution.snapshot();
    execution.running("inst", false, 20);
    assertThat(pending.record().status()).isEqualTo(ExecutionState.PENDING);
    assertThat(execution.snapshot().record().status()).isEqualTo(ExecutionState.RUNNING);
  }

  @Test
  void theAnswerCarriesTheErrorsHttpStatus() {
    execution.ended(ending(ExecutionState.TIMEOUT, ErrorCode.EXECUTION_TIMEOUT), bytes(""), 30);
    assertThat(ExecutionAnswer.status(execution.snapshot().record())).isEqualTo(504);
    assertThat(ExecutionAnswer.of(execution.snapshot(), false).success()).isFalse();
  }

  private static ExecutionRecord.Ending ending(ExecutionState state, ErrorCode error) {
    return new ExecutionRecord.Ending(state, null, error, null, 1_500, 3, false, "", false);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
