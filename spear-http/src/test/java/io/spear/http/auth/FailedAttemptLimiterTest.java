package io.spear.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAttemptLimiterTest {

  private final AtomicLong nowMs = new AtomicLong(1_000_000);
  private final FailedAttemptLimiter limiter =
      new FailedAttemptLimiter(
          FailureLedger.inMemory(), 3, () -> Instant.ofEpochMilli(nowMs.get()));

  private OptionalLong fail(String address, String token) {
    return limiter.fail(address, Optional.ofNullable(token));
  }

  @Test
  void aCredentialIsThrottledAfterItsBudgetUntilItsWindowEnds() {
    for (int i = 0; i < 3; i++) {
      assertThat(fail("10.0.0.1", "stale")).isEmpty();
    }
    assertThat(fail("10.0.0.1", "stale")).hasValue(60);
    nowMs.addAndGet(45_000);
    assertThat(fail("10.0.0.1", "stale")).as("still in its window").hasValue(15);
    nowMs.addAndGet(15_000);
    assertThat(fail("10.0.0.1", "stale")).as("a new window").isEmpty();
  }

  @Test
  void anotherCredentialOrAddressHasItsOwnBudget() {
    for (int i = 0; i < 4; i++) {
      fail("10.0.0.1", "stale");
    }
    assertThat(fail("10.0.0.1", "stale")).isPresent();
    assertThat(fail("10.0.0.1", "other")).as("another token, same address").isEmpty();
    assertThat(fail("10.0.0.1", null)).as("no token, same address").isEmpty();
    assertThat(fail("10.0.0.2", "stale")).as("same token, another address").isEmpty();
  }

  @Test
  void anAddressTryingTokenAfterTokenIsThrottledAfterTenBudgets() {
    int budget = 3 * FailedAttemptLimiter.ADDRESS_FACTOR;
    for (int i = 0; i < budget; i++) {
      assertThat(fail("10.0.0.1", "guess-" + i)).as("guess %d", i).isEmpty();
    }
    assertThat(fail("10.0.0.1", "guess-next")).isPresent();
    assertThat(fail("10.0.0.1", null)).isPresent();
    assertThat(fail("10.0.0.2", "guess-next")).as("another address").isEmpty();
  }

  @Test
  void aLedgerOutOfReachLeavesFailuresAt401() {
    FailedAttemptLimiter unreachable =
        new FailedAttemptLimiter(
            (key, now) -> {
              throw new IllegalStateException("database down");
            },
            3,
            () -> Instant.ofEpochMilli(nowMs.get()));
    assertThat(unreachable.fail("10.0.0.1", Optional.of("stale"))).isEmpty();
  }

  @Test
  void theLedgerNeverHoldsWhatWasPresented() {
    assertThat(FailedAttemptLimiter.digest(Optional.of("secret-token")))
        .doesNotContain("secret")
        .hasSize(32);
    assertThat(FailedAttemptLimiter.digest(Optional.empty())).isEqualTo("none");
  }
}
