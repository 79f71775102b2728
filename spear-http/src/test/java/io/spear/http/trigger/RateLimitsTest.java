package io.spear.http.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

  private final FakeTicker ticker = new FakeTicker();
  private final RateLimits limits = new RateLimits(ticker);

  @Test
  void aBurstIsAdmittedAtOnceAndThenTheRateRefillsIt() {
    assertThat(limits.tryAcquire("a", 2, 3)).isTrue();
    assertThat(limits.tryAcquire("a", 2, 3)).isTrue();
    assertThat(limits.tryAcquire("a", 2, 3)).isTrue();
    assertThat(limits.tryAcquire("a", 2, 3)).isFalse();

    ticker.advance(Duration.ofMillis(500));
    assertThat(limits.tryAcquire("a", 2, 3)).isTrue();
    assertThat(limits.tryAcquire("a", 2, 3)).isFalse();
  }

  @Test
  void aLongPauseRefillsNoMoreThanTheBurst() {
    for (int i = 0; i < 2; i++) {
      assertThat(limits.tryAcquire("a", 10, 2)).isTrue();
    }
    ticker.advance(Duration.ofHours(1));

    assertThat(limits.tryAcquire("a", 10, 2)).isTrue();
    assertThat(limits.tryAcquire("a", 10, 2)).isTrue();
    assertThat(limits.tryAcquire("a", 10, 2)).isFalse();
  }

  @Test
  void endpointsAreCountedApart() {
    assertThat(limits.tryAcquire("a", 1, 1)).isTrue();
    assertThat(limits.tryAcquire("a", 1, 1)).isFalse();

    assertThat(limits.tryAcquire("b", 1, 1)).isTrue();
  }
}
