package io.spear.spearlet.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.model.error.ResourceExhaustedException;
import java.util.ArrayList;
import java.util.List;
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
}
