package io.spear.sms.schedule;

import io.spear.model.execution.ExecutionIds;
import io.spear.support.concurrent.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the schedules' ticks as they fall due. Each SMS replica runs one; a tick is fired by the
 * replica whose claim moved the schedule's next fire time ({@link ScheduleStore#claim}), so it runs
 * once however many replicas share the store, and a restarted replica never fires a tick again.
 *
 * <p>Missed ticks: a scheduler that is merely late (a busy machine, a replica taking over) fires
 * the ticks it is behind on one by one; ticks more than {@link #CATCH_UP} in the past (no SMS ran
 * then) are not all fired: the oldest one is, once, and the schedule goes on from the first tick
 * after now. A tick claimed by a replica that died before handing it to a node is taken over by
 * another after {@link #RECLAIM_AFTER}, under the same execution id (a node that already has that
 * id refuses it again).
 */
public final class Scheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  /** How long a claimed tick may wait for its hand-over before another replica takes it over. */
  public static final Duration RECLAIM_AFTER = Duration.ofMinutes(2);

  /** How far behind a scheduler still fires every tick rather than one for all those missed. */
  public static final Duration CATCH_UP = Duration.ofSeconds(30);

  /** How long fired ticks are remembered (they guard against firing one twice). */
  static final Duration KEEP_FIRES = Duration.ofDays(2);

  /** How often the scheduler looks for due ticks; ticks fire at most this late. */
  public static final Duration POLL = Duration.ofMillis(100);

  static final int BATCH = 100;
  private static final Duration HOUSEKEEPING = Duration.ofSeconds(5);

  private final ScheduleStore store;
  private final TickDispatcher dispatcher;
  private final Executor handOver;
  private final InstantSource clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sms-scheduler"));
  private long lastHousekeeping = Long.MIN_VALUE;

  /**
   * A scheduler over {@code store} that hands ticks to {@code dispatcher} on {@code handOver}, with
   * time from {@code clock}.
   */
  public Scheduler(
      ScheduleStore store, TickDispatcher dispatcher, Executor handOver, InstantSource clock) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.handOver = handOver;
    this.clock = clock;
  }

  /** Looks for due ticks every {@link #POLL}, running each round through {@code wrap}. */
  public Scheduler start(UnaryOperator<Runnable> wrap) {
    long ms = POLL.toMillis();
    var _ = timer.scheduleWithFixedDelay(wrap.apply(this::round), ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  private void round() {
    runDue();
    long now = clock.millis();
    if (now - lastHousekeeping >= HOUSEKEEPING.toMillis()) {
      lastHousekeeping = now;
      takeOverStalled();
      store.forget(now - KEEP_FIRES.toMillis());
    }
  }

  /** Claims every due tick it can and hands the ones it won over; answers those. */
  public List<Fire> runDue() {
    long now = clock.millis();
    List<Fire> won = new ArrayList<>();
    for (Schedule schedule : store.due(now, BATCH)) {
      long tick = schedule.nextFireAtMs();
      Fire fire = new Fire(schedule.scheduleId(), tick, ExecutionIds.next(), now);
      if (store.claim(fire, nextTick(schedule.when(), tick, now))) {
        won.add(fire);
        handOver(schedule, fire);
      }
    }
    return won;
  }

  /** Hands over again the ticks whose claimer died first; answers those it took over. */
  public List<Fire> takeOverStalled() {
    long now = clock.millis();
    List<Fire> taken = new ArrayList<>();
    for (Fire stalled : store.stalled(now - RECLAIM_AFTER.toMillis(), BATCH)) {
      if (!store.reclaim(stalled, now)) {
        continue;
      }
      Optional<Schedule> schedule = store.find(stalled.scheduleId());
      if (schedule.isEmpty()) {
        store.dispatched(stalled);
        continue;
      }
      LOG.warn(
          "schedule {}: taking over tick {} that a replica claimed but did not hand over",
          stalled.scheduleId(),
          stalled.tickAtMs());
      Fire fire = new Fire(stalled.scheduleId(), stalled.tickAtMs(), stalled.executionId(), now);
      taken.add(fire);
      handOver(schedule.get(), fire);
    }
    return taken;
  }

  /**
   * The tick after {@code tickMs}; when that one is more than {@link #CATCH_UP} in the past too
   * (ticks were missed while no SMS ran), the first after now, so that those missed ticks run once
   * (as the tick being fired) and no more. {@link Long#MAX_VALUE} when the schedule has no tick
   * left.
   */
  static long nextTick(When when, long tickMs, long nowMs) {
    long next = after(when, tickMs);
    return next < nowMs - CATCH_UP.toMillis() ? after(when, nowMs) : next;
  }

  private static long after(When when, long ms) {
    return when.nextAfter(Instant.ofEpochMilli(ms))
        .map(Instant::toEpochMilli)
        .orElse(Long.MAX_VALUE);
  }

  private void handOver(Schedule schedule, Fire fire) {
    handOver.execute(
        () -> {
          try {
            dispatcher.fire(schedule, fire);
          } catch (RuntimeException e) {
            LOG.error(
                "schedule {}: tick {} could not be handed over",
                fire.scheduleId(),
                fire.tickAtMs(),
                e);
          }
          store.dispatched(fire);
        });
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
