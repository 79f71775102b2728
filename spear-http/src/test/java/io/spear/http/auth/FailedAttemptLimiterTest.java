package io.spear.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAttemptLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final FailedAttemptLimiter limiter = new FailedAttemptLimiter(3, now::get);

  @Test
  void aClientIsThrottledAfterItsBurstAndRecoversAsTheBucketRefills() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.throttled("10.0.0.1")).isFalse();
      limiter.recordFailure("10.0.0.1");
    }
    assertThat(limiter.throttled("10.0.0.1")).isTrue();
    assertThat(limiter.throttled("10.0.0.2")).as("another client").isFalse();
    now.addAndGet(20_000_000_000L); // a third of a minute: one attempt back
    assertThat(limiter.throttled("10.0.0.1")).isFalse();
    limiter.recordFailure("10.0.0.1");
    assertThat(limiter.throttled("10.0.0.1")).isTrue();
  }
}
