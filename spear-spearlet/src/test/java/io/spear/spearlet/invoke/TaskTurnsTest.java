package io.spear.spearlet.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskTurnsTest {

  @Test
  void tasksTakeTurnsWhateverOrderTheirCallersCameIn() {
    TaskTurns<String> turns = new TaskTurns<>();
    turns.add("a", "a1");
    turns.add("a", "a2");
    turns.add("a", "a3");
    turns.add("b", "b1");

    assertThat(turns.next(w -> true)).isEqualTo("a1");
    assertThat(turns.next(w -> true)).isEqualTo("b1");
    assertThat(turns.next(w -> true)).isEqualTo("a2");
    assertThat(turns.next(w -> true)).isEqualTo("a3");
    assertThat(turns.next(w -> true)).isNull();
    assertThat(turns.isEmpty()).isTrue();
  }

  @Test
  void aTaskWhoseHeadDoesNotFitKeepsItsPlaceWhileTheNextTaskIsServed() {
    TaskTurns<String> turns = new TaskTurns<>();
    turns.add("a", "a1");
    turns.add("b", "b1");

    assertThat(turns.next(w -> w.startsWith("b"))).isEqualTo("b1");
    assertThat(turns.next(w -> w.startsWith("b"))).isNull();
    assertThat(turns.next(w -> true)).isEqualTo("a1");
  }

  @Test
  void aRemovedCallerLeavesItsLineAndTheCountAndATaskWithNoneLeftHasNoLine() {
    TaskTurns<String> turns = new TaskTurns<>();
    turns.add("a", "a1");
    turns.add("b", "b1");

    assertThat(turns.remove("a", "a1")).isTrue();
    assertThat(turns.remove("a", "a1")).isFalse();
    assertThat(turns.has("a")).isFalse();
    assertThat(turns.size()).isOne();
    assertThat(turns.next(w -> true)).isEqualTo("b1");
  }
}
