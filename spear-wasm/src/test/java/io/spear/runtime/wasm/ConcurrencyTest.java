package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.TaskInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One instance serving many callers at once. */
class ConcurrencyTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void thousandInvocationsOfTheTransformFromEightThreadsAreEachExactlyRight() throws Exception {
    try (WasmRuntime runtime = Guests.runtime()) {
      TaskInstance upper = Guests.started(runtime, "echo_upper.c.wasm");
      ExecutorService callers = Executors.newFixedThreadPool(8);
      try {
        List<Future<String>> mismatches = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
          // Distinct inputs of distinct lengths, so a mix-up between executions would show.
          String input = "invocation " + i + " " + "abc".repeat(i % 97) + "\n";
          mismatches.add(
              callers.submit(
                  () -> {
                    ExecutionOutcome outcome = Guests.run(runtime, upper, input);
                    String expected = input.toUpperCase(Locale.ROOT);
                    boolean right =
                        outcome instanceof Completed
                            && outcome.output().stdoutText().equals(expected)
                            && outcome.output().log().length == 0;
                    return right ? "" : input + " -> " + outcome;
                  }));
        }
        List<String> wrong = new ArrayList<>();
        for (Future<String> mismatch : mismatches) {
          String m = mismatch.get(30, TimeUnit.SECONDS);
          if (!m.isEmpty()) {
            wrong.add(m);
          }
        }
        assertThat(wrong).isEmpty();
      } finally {
        callers.shutdownNow();
      }
    }
  }
}
