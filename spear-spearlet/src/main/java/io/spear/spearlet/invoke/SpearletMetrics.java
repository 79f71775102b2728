package io.spear.spearlet.invoke;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spear.model.execution.ExecutionState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The Spearlet's own meters: invocations by outcome, cold starts, durations. */
public final class SpearletMetrics {

  private final Map<ExecutionState, Counter> invocations = new EnumMap<>(ExecutionState.class);
  private final Counter failures;
  private final Counter timeouts;
  private final Counter coldStarts;
  private final Counter rejected;
  private final Timer invocationDuration;
  private final Timer compileDuration;

  /** Registers the meters in {@code registry}. */
  public SpearletMetrics(MeterRegistry registry) {
    for (ExecutionState state : ExecutionState.values()) {
      if (state.terminal()) {
        invocations.put(
            state,
            Counter.builder("spear.invocations")
                .description("Invocations that ended, by final status")
                .tag("status", state.wire())
                .register(registry));
      }
    }
    failures =
        Counter.builder("spear.invocation.failures")
            .description("Invocations that failed (guest exit non-zero, trap, or runtime error)")
            .register(registry);
    timeouts =
        Counter.builder("spear.invocation.timeouts")
            .description("Invocations stopped at their time limit")
            .register(registry);
    coldStarts =
        Counter.builder("spear.cold.starts")
            .description("First invocations of a task on this node (instance created)")
            .register(registry);
    rejected =
        Counter.builder("spear.invocations.rejected")
            .description("Invocations refused with RESOURCE_EXHAUSTED at admission")
            .register(registry);
    invocationDuration =
        Timer.builder("spear.invocation.duration")
            .description("Time from acceptance to the end of an invocation")
            .publishPercentileHistogram()
            .register(registry);
    compileDuration =
        Timer.builder("spear.instance.create.duration")
            .description("Instance creation: module download, validation and compile")
            .publishPercentileHistogram()
            .register(registry);
  }

  void ended(ExecutionState state, Duration total) {
    Counter c = invocations.get(state);
    if (c != null) {
      c.increment();
    }
    if (state == ExecutionState.FAILED) {
      failures.increment();
    } else if (state == ExecutionState.TIMEOUT) {
      timeouts.increment();
    }
    invocationDuration.record(total);
  }

  void coldStart(Duration createTime) {
    coldStarts.increment();
    compileDuration.record(createTime);
  }

  void rejected() {
    rejected.increment();
  }
}
