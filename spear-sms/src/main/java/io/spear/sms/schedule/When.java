package io.spear.sms.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** When a schedule fires: a cron expression in a time zone, or a fixed period. */
public sealed interface When {

  /** The first fire time strictly after {@code after}; empty when there is none (Feb 30th). */
  Optional<Instant> nextAfter(Instant after);

  /** The next {@code n} fire times after {@code after}. */
  default List<Instant> next(Instant after, int n) {
    List<Instant> times = new ArrayList<>(n);
    Instant from = after;
    for (int i = 0; i < n; i++) {
      Optional<Instant> next = nextAfter(from);
      if (next.isEmpty()) {
        break;
      }
      times.add(next.get());
      from = next.get();
    }
    return times;
  }

  /**
   * Fires every {@code period}, on the multiples of it counted from {@code anchor} (the schedule's
   * creation), so that restarts and replicas agree on the ticks.
   */
  record Every(Duration period, Instant anchor) implements When {

    /** The shortest period: the scheduler looks for due ticks a few times a second. */
    public static final Duration MIN = Duration.ofSeconds(1);

    @Override
    public Optional<Instant> nextAfter(Instant after) {
      long periodMs = period.toMillis();
      long since = after.toEpochMilli() - anchor.toEpochMilli();
      long k = since < 0 ? 0 : since / periodMs + 1;
      return Optional.of(anchor.plusMillis(k * periodMs));
    }
  }

  /** Fires when a cron expression matches the wall clock of {@code zone}. */
  record CronTimes(String expression, Cron cron, ZoneId zone) implements When {

    @Override
    public Optional<Instant> nextAfter(Instant after) {
      return ExecutionTime.forCron(cron)
          .nextExecution(ZonedDateTime.ofInstant(after, zone))
          .map(ZonedDateTime::toInstant);
    }
  }
}
