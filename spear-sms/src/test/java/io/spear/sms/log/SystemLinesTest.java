package io.spear.sms.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemLinesTest {

  @Test
  void theGuestsLinesAreSplitAtLineBreaksOfEitherKindAndBlankLinesDropped() {
    assertThat(texts("one\ntwo\r\n\nthree")).containsExactly("one", "two", "three");
    assertThat(texts("\r\n\n")).isEmpty();
    assertThat(texts("last without a break")).containsExactly("last without a break");
  }

  @Test
  void aCarriageReturnNotBeforeALineBreakStaysInTheLine() {
    assertThat(texts("a\rb\nc\r")).containsExactly("a\rb", "c\r");
  }

  @Test
  void everyGuestLineIsDatedWhenTheExecutionEnded() {
    List<LogLine> lines = SystemLines.guestLines(ended("x\ny\n"));
    assertThat(lines).extracting(LogLine::tsMs).containsOnly(2_000L);
    assertThat(lines).extracting(LogLine::stream).containsOnly("guest");
  }

  private static List<String> texts(String log) {
    return SystemLines.guestLines(ended(log)).stream().map(LogLine::message).toList();
  }

  private static ExecutionRecord ended(String log) {
    return ExecutionRecord.accepted("e-1", "e-1", "t-1", "n-1", "", ExecutionMode.SYNC, 1_000)
        .ended(
            new ExecutionRecord.Ending(
                ExecutionState.COMPLETED, 0, null, null, 5, 0, false, log, false),
            2_000);
  }
}
