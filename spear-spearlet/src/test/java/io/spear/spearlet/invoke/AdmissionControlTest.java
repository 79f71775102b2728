package io.spear.spearlet.invoke;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.model.error.ResourceExhaustedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AdmissionControlTest {

  @Test
  void beyondRunningAndQueuedCapacityAnInvocationIsRefusedAtOnce() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 1);
    AdmissionControl.Ticket running = admission.admit();
    assertThat(running.awaitSlot(0)).isTrue();
    AdmissionControl.Ticket queued = admission.admit();

    assertThatThrownBy(admission::admit)
        .isInstanceOf(ResourceExhaustedException.class)
        .hasMessageContaining("1 running and 1 queued");
    assertThat(admission.inFlight()).isOne();
    assertThat(admission.queued()).isOne();

    running.close();
    assertThat(queued.awaitSlot(TimeUnit.SECONDS.toNanos(5))).isTrue();
    queued.close();
    assertThat(admission.inFlight()).isZero();
    assertThat(admission.queued()).isZero();
  }

  @Test
  void aQueuedInvocationWhoseWaitRunsOutHoldsNothing() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 4);
    AdmissionControl.Ticket running = admission.admit();
    assertThat(running.awaitSlot(0)).isTrue();
    AdmissionControl.Ticket waiting = admission.admit();
    assertThat(waiting.awaitSlot(TimeUnit.MILLISECONDS.toNanos(1))).isFalse();
    waiting.close();
    assertThat(admission.queued()).isZero();
    running.close();
    assertThat(admission.inFlight()).isZero();
  }

  @Test
  void closingATicketTwiceReleasesItsSlotOnce() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 0);
    AdmissionControl.Ticket ticket = admission.admit();
    assertThat(ticket.awaitSlot(0)).isTrue();
    ticket.close();
    ticket.close();
    AdmissionControl.Ticket next = admission.admit();
    assertThat(next.awaitSlot(0)).isTrue();
    assertThatThrownBy(admission::admit).isInstanceOf(ResourceExhaustedException.class);
    next.close();
  }

  @Test
  void aCallerBeyondTheLimitsWaitsWithoutAThreadAndGetsTheFreedRoomBeforeANewcomer() {
    AdmissionControl admission = new AdmissionControl(1, 0);
    AdmissionControl.Ticket held = admission.admit("a", 1);

    CompletableFuture<AdmissionControl.Ticket> later =
        admission.admitLater("a", 1, TimeUnit.SECONDS.toNanos(30));
    assertThat(later).isNotDone();
    held.close();

    // Handed over by the close itself: a newcomer finds no room.
    assertThat(later).isCompleted();
    assertThatThrownBy(() -> admission.admit("a", 1))
        .isInstanceOf(ResourceExhaustedException.class);
    later.join().close();
    assertThat(admission.admitted()).isZero();
  }

  @Test
  void aCallerWaitingForRoomWithoutAThreadIsRefusedAsBeforeWhenNoneFrees() {
    AdmissionControl admission = new AdmissionControl(1, 0);
    AdmissionControl.Ticket held = admission.admit();

    CompletableFuture<AdmissionControl.Ticket> later =
        admission.admitLater("a", 1, TimeUnit.MILLISECONDS.toNanos(20));

    assertThatThrownBy(later::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(ResourceExhaustedException.class)
        .hasMessageContaining("1 running and 0 queued");
    held.close();
    assertThat(admission.admitted()).isZero();
    assertThat(admission.admitLater("a", 1, 0)).isCompleted();
  }

  @Test
  void tasksWaitingForRoomWithoutAThreadTakeTurns() {
    AdmissionControl admission = new AdmissionControl(1, 1);
    AdmissionControl.Ticket first = admission.admit("x", 2);
    AdmissionControl.Ticket second = admission.admit("x", 2);
    long wait = TimeUnit.SECONDS.toNanos(30);
    CompletableFuture<AdmissionControl.Ticket> a1 = admission.admitLater("a", 2, wait);
    CompletableFuture<AdmissionControl.Ticket> a2 = admission.admitLater("a", 2, wait);
    CompletableFuture<AdmissionControl.Ticket> b1 = admission.admitLater("b", 2, wait);

    first.close();
    second.close();

    assertThat(a1).isCompleted();
    assertThat(b1).isCompleted();
    assertThat(a2).isNotDone();
    a1.join().close();
    assertThat(a2).isCompleted();
    a2.join().close();
    b1.join().close();
    assertThat(admission.admitted()).isZero();
  }

  @Test
  void aSlotAwaitedWithoutAThreadGoesToTheWaiterWhenTheRunningOneEnds() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 1);
    AdmissionControl.Ticket running = admission.admit();
    assertThat(running.awaitSlot(0)).isTrue();
    AdmissionControl.Ticket queued = admission.admit();

    CompletableFuture<Boolean> slot = queued.slotLater(TimeUnit.SECONDS.toNanos(30));
    assertThat(slot).isNotDone();
    assertThat(admission.waiting()).isOne();
    running.close();

    assertThat(slot).isCompletedWithValue(true);
    assertThat(admission.inFlight()).isOne();
    queued.close();
    assertThat(admission.inFlight()).isZero();
    assertThat(admission.admitted()).isZero();
  }

  @Test
  void aSlotWaitWithoutAThreadThatRunsOutHoldsNothing() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 1);
    AdmissionControl.Ticket running = admission.admit();
    assertThat(running.awaitSlot(0)).isTrue();
    AdmissionControl.Ticket queued = admission.admit();

    assertThat(queued.slotLater(TimeUnit.MILLISECONDS.toNanos(1)).join()).isFalse();

    assertThat(admission.waiting()).isZero();
    queued.close();
    running.close();
    assertThat(admission.inFlight()).isZero();
    assertThat(admission.queued()).isZero();
    AdmissionControl.Ticket next = admission.admit();
    assertThat(next.slotLater(0)).isCompletedWithValue(true);
    next.close();
  }

  @Test
  void underARaceNoMoreThanTheCapacityIsEverRunning() throws Exception {
    AdmissionControl admission = new AdmissionControl(3, 5);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    var threads = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      all.add(
          threads.submit(
              () -> {
                go.await();
                AdmissionControl.Ticket ticket;
                try {
                  ticket = admission.admit();
                } catch (ResourceExhaustedException e) {
                  refused.incrementAndGet();
                  return null;
                }
                try (ticket) {
                  if (ticket.awaitSlot(TimeUnit.SECONDS.toNanos(10))) {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    running.decrementAndGet();
                  }
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : all) {
      f.get();
    }
    threads.shutdown();
    assertThat(most.get()).isBetween(1, 3);
    assertThat(admission.inFlight()).isZero();
    assertThat(admission.queued()).isZero();
  }

  @Test
  void aTaskAtItsOwnLimitIsRefusedWhileOtherTasksAreStillAdmitted() {
    AdmissionControl admission = new AdmissionControl(1, 10);
    AdmissionControl.Ticket a1 = admission.admit("a", 2);
    AdmissionControl.Ticket a2 = admission.admit("a", 2);

    assertThatThrownBy(() -> admission.admit("a", 2))
        .isInstanceOf(ResourceExhaustedException.class)
        .hasMessageContaining("task a is at its limit of 2");
    AdmissionControl.Ticket b1 = admission.admit("b", 2);
    a1.close();
    AdmissionControl.Ticket a3 = admission.admit("a", 2);

    assertThat(admission.admitted()).isEqualTo(3);
    a2.close();
    a3.close();
    b1.close();
    assertThat(admission.admitted()).isZero();
  }

  @Test
  void freeSlotsGoToWaitingTasksInTurnNotInArrivalOrder() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 10);
    AdmissionControl.Ticket holder = admission.admit("a", 10);
    assertThat(holder.awaitSlot(0)).isTrue();
    List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
    var threads = Executors.newFixedThreadPool(4);
    List<Future<?>> all = new ArrayList<>();
    // Three calls of task a queue up before one call of task b.
    for (String name : List.of("a1", "a2", "a3", "b1")) {
      AdmissionControl.Ticket ticket = admission.admit(name.substring(0, 1), 10);
      int before = admission.waiting();
      all.add(
          threads.submit(
              () -> {
                try (ticket) {
                  assertThat(ticket.awaitSlot(TimeUnit.SECONDS.toNanos(20))).isTrue();
                  order.add(name);
                }
                return null;
              }));
      eventually(() -> assertThat(admission.waiting()).isEqualTo(before + 1));
    }

    holder.close();
    for (Future<?> f : all) {
      f.get();
    }
    threads.shutdown();

    assertThat(order).containsExactly("a1", "b1", "a2", "a3");
  }

  @Test
  void aSlotGivenBackDuringABlockingCallLetsAnotherGuestRun() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 10);
    AdmissionControl.Ticket sleeper = admission.admit("a", 10);
    assertThat(sleeper.awaitSlot(0)).isTrue();
    AdmissionControl.Ticket other = admission.admit("b", 10);

    sleeper.release();
    assertThat(admission.blocked()).isOne();
    assertThat(other.awaitSlot(TimeUnit.SECONDS.toNanos(5))).isTrue();
    assertThat(admission.inFlight()).isOne();
    assertThat(admission.queued()).isZero();
    var back = Executors.newSingleThreadExecutor();
    Future<?> reacquired =
        back.submit(
            () -> {
              sleeper.reacquire();
              return null;
            });
    eventually(() -> assertThat(admission.waiting()).isOne());
    other.close();
    reacquired.get();
    back.shutdown();

    assertThat(admission.inFlight()).isOne();
    sleeper.close();
    assertThat(admission.inFlight()).isZero();
    assertThat(admission.admitted()).isZero();
  }

  @Test
  void guestsBlockedInAHostCallDoNotCountAgainstTheCapacity() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 0);
    AdmissionControl.Ticket sleeper = admission.admit("a", 1);
    assertThat(sleeper.awaitSlot(0)).isTrue();
    assertThatThrownBy(() -> admission.admit("a", 1))
        .isInstanceOf(ResourceExhaustedException.class);

    sleeper.release();
    AdmissionControl.Ticket next = admission.admit("a", 1);

    assertThat(next.awaitSlot(0)).isTrue();
    assertThat(admission.full()).isTrue();
    next.close();
    sleeper.reacquire();
    sleeper.close();
    assertThat(admission.admitted()).isZero();
    assertThat(admission.full()).isFalse();
  }

  @Test
  void aBlockingCallInsideAnotherGivesBackAndRetakesOneSlotOnly() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 10);
    AdmissionControl.Ticket guest = admission.admit("a", 10);
    assertThat(guest.awaitSlot(0)).isTrue();

    guest.release(); // cchat_send waits on the backend
    guest.release(); // a tool inside it sleeps: nothing more to give back
    guest.reacquire(); // the tool's sleep ends: the guest runs the tool's code again
    assertThat(admission.inFlight()).isOne();
    guest.reacquire(); // cchat_send returns: the slot is already held
    assertThat(admission.inFlight()).isOne();
    assertThat(admission.blocked()).isZero();

    guest.close();
    assertThat(admission.inFlight()).isZero();
    AdmissionControl.Ticket next = admission.admit("b", 10);
    assertThat(next.awaitSlot(0)).isTrue();
    next.close();
  }

  @Test
  void aCallerAtAFullNodeWaitsForRoomAndGetsItWhenATicketCloses() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 0);
    AdmissionControl.Ticket running = admission.admit("a", 1);
    assertThat(admission.awaitRoom(TimeUnit.MILLISECONDS.toNanos(1))).isFalse();

    var waiter = Executors.newSingleThreadExecutor();
    Future<Boolean> room = waiter.submit(() -> admission.awaitRoom(TimeUnit.SECONDS.toNanos(20)));
    running.close();

    assertThat(room.get()).isTrue();
    waiter.shutdown();
    admission.admit("b", 1).close();
  }
}
