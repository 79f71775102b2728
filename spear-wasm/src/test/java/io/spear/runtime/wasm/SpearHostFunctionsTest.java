package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.RuntimeConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The basic family of the spear import module, as a guest sees it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpearHostFunctionsTest {

  @Test
  void guestCallingEveryBasicFunctionGetsSpearsAnswers() {
    try (WasmRuntime runtime = Guests.runtime()) {
      long before = System.currentTimeMillis();
      ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, "spear_basic.c.wasm"));
      long after = System.currentTimeMillis();
      assertThat(outcome).isInstanceOf(Completed.class);
      Map<String, String> got = Guests.keyValues(outcome.output().stdoutText());

      assertThat(Long.parseLong(got.get("time_now_ms"))).isBetween(before, after);
      assertThat(Long.parseLong(got.get("wall_time_s"))).isBetween(before / 1000, after / 1000);
      assertThat(got.get("random_differs")).isEqualTo("1");
      assertThat(Long.parseLong(got.get("slept_ms"))).isGreaterThanOrEqualTo(20);
      assertThat(got.get("log_ok")).isEqualTo("0");
      assertThat(got.get("log_warn")).isEqualTo("0");
      assertThat(got.get("log_too_long")).isEqualTo("-22");
      assertThat(got.get("log_negative_len")).isEqualTo("-22");
      assertThat(got.get("log_bad_ptr")).isEqualTo("-14");
      assertThat(outcome.output().logText())
          .isEqualTo("[info] hello from the guest\n[warn] a warning\n");
    }
  }

  @Test
  void clockAndRandomnessAreTheOnesTheRuntimeWasGiven() {
    Instant fixed = Instant.parse("2030-01-02T03:04:05.678Z");
    RuntimeConfig config =
        Guests.config(Guests.NODE)
            .withClock(Clock.fixed(fixed, ZoneOffset.UTC))
            .withRandom(new Random(42));
    try (WasmRuntime runtime = new WasmRuntime(config)) {
      ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, "spear_basic.c.wasm"));
      Map<String, String> got = Guests.keyValues(outcome.output().stdoutText());
      assertThat(got.get("time_now_ms")).isEqualTo(String.valueOf(fixed.toEpochMilli()));
      assertThat(got.get("wall_time_s")).isEqualTo(String.valueOf(fixed.getEpochSecond()));
      // sleep_ms really sleeps, but the guest's clock does not move
      assertThat(got.get("slept_ms")).isEqualTo("0");
    }
  }

  @Test
  void sleepReturnsAfterTheRequestedTime() {
    try (WasmRuntime runtime = Guests.runtime()) {
      long start = System.nanoTime();
      ExecutionOutcome outcome =
          Guests.run(runtime, Guests.started(runtime, "spear_basic.c.wasm", "sleep", "100"));
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(outcome.output().stdoutText()).isEqualTo("woke\n");
      assertThat(elapsedMs).isGreaterThanOrEqualTo(100);
    }
  }
}
