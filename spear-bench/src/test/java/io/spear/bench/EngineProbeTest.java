package io.spear.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineProbeTest {

  @Test
  void parsesTheProbeProtocolAndSkipsForeignLines() {
    String output =
        """
        engine GraalVM CE
        [engine] WARNING: something the JVM printed
        cold 2000
        warm 300
        warm 200
        stable true
        run 100
        run 120
        heap 15000000
        rss 200000
        hwm 300000
        """;

    EngineProbe probe = EngineProbe.parse(output);

    assertThat(probe.engine()).isEqualTo("GraalVM CE");
    assertThat(probe.cold()).isEqualTo(2000);
    assertThat(probe.warmupNanos()).isEqualTo(500);
    assertThat(probe.stable()).isTrue();
    assertThat(probe.runNanos()).containsExactly(100, 120);
    assertThat(probe.heapBytes()).isEqualTo(15_000_000);
    assertThat(probe.rssKb()).isEqualTo(200_000);
    assertThat(probe.peakRssKb()).isEqualTo(300_000);
  }

  @Test
  void aProbeWithoutMeasuredRunsFailsTheRun() {
    assertThatThrownBy(() -> EngineProbe.parse("engine chicory\ncold 5\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no figures");
  }
}
