package io.spear.support.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

  @Test
  void durationsArePrintedInTheUnitsPeopleUseNeverIso8601() {
    assertThat(Values.human(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(Values.human(Duration.ofSeconds(1))).isEqualTo("1 s");
    assertThat(Values.human(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(Values.human(Duration.ofMinutes(2))).isEqualTo("2 min");
    assertThat(Values.human(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
    assertThat(Values.human(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
    assertThat(Values.human(Duration.ofHours(2))).isEqualTo("2 h");
  }
}
