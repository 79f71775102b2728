package io.spear.host.epoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.runtime.host.ExecutionStopped;
import io.spear.runtime.host.HostCallError;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.FdKind;
import io.spear.runtime.host.fd.FdTable;
import io.spear.runtime.host.fd.Readiness;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EpollHostTest {

  private final FdTable fds = new FdTable(100);
  private final AtomicLong ticker = new AtomicLong();
  private final EpollHost epoll = new EpollHost(fds, ticker::get);

  private FdEntry<Object> descriptor(int readiness) {
    return fds.allocate(new FdKind("Mic"), new Object(), readiness).orElseThrow();
  }

  private static int[] records(byte[] packed) {
    ByteBuffer b = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[packed.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getInt();
    }
    return out;
  }

  @Test
  void readyDescriptorsAreReportedSortedWithOnlyTheEventsAskedFor() {
    int ep = epoll.create();
    FdEntry<Object> a = descriptor(Readiness.IN | Readiness.HUP);
    FdEntry<Object> b = descriptor(Readiness.OUT);
    epoll.control(ep, EpollHost.CTL_ADD, b.fd(), Readiness.OUT);
    epoll.control(ep, EpollHost.CTL_ADD, a.fd(), Readiness.IN);

    assertThat(records(epoll.await(ep, 16, 0)))
        .containsExactly(a.fd(), Readiness.IN, b.fd(), Readiness.OUT);
    assertThat(records(epoll.await(ep, 1, 0))).containsExactly(a.fd(), Readiness.IN);
  }

  @Test
  void aBlockedWaitWakesWhenAnotherThreadChangesReadiness() throws Exception {
    int ep = epoll.create();
    FdEntry<Object> fd = descriptor(0);
    epoll.control(ep, EpollHost.CTL_ADD, fd.fd(), Readiness.IN);

    CompletableFuture<byte[]> waiting = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> waiting.complete(epoll.await(ep, 8, -1)));
    fd.raise(Readiness.OUT); // not asked for: the wait goes on
    fd.raise(Readiness.IN);

    assertThat(records(waiting.get(10, TimeUnit.SECONDS))).containsExactly(fd.fd(), Readiness.IN);
  }

  @Test
  void aTimeoutIsMeasuredOnTheInjectedTicker() throws Exception {
    int ep = epoll.create();
    epoll.control(ep, EpollHost.CTL_ADD, descriptor(0).fd(), Readiness.IN);

    CompletableFuture<byte[]> waiting = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> waiting.complete(epoll.await(ep, 8, 50)));
    // Each re-check of the wait reads the ticker: move it past any deadline the wait computed.
    for (int i = 0; i < 500 && !waiting.isDone(); i++) {
      ticker.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
      try {
        waiting.get(20, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException notYet) {
        // keep moving the ticker
      }
    }
    assertThat(waiting.get(1, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void anInterruptEndsAWaitWithATrap() throws Exception {
    int ep = epoll.create();
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    epoll.await(ep, 8, -1);
                    failure.complete(null);
                  } catch (ExecutionStopped e) {
                    failure.complete(e);
                  }
                });
    t.interrupt();
    assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionStopped.class);
  }

  @Test
  void aClosedDescriptorLeavesTheSet() {
    int ep = epoll.create();
    FdEntry<Object> fd = descriptor(Readiness.IN);
    epoll.control(ep, EpollHost.CTL_ADD, fd.fd(), Readiness.IN | Readiness.HUP);
    fds.close(fd.fd());

    assertThat(epoll.await(ep, 8, 0)).isEmpty();
    assertThat(epoll.control(ep, EpollHost.CTL_ADD, fd.fd(), Readiness.IN)).isEqualTo(-9);
  }

  @Test
  void waitingOnAClosedOrForeignDescriptorIsEbadf() {
    int ep = epoll.create();
    FdEntry<Object> other = descriptor(0);
    assertThatThrownBy(() -> epoll.await(other.fd(), 8, 0))
        .isInstanceOfSatisfying(HostCallError.class, e -> assertThat(e.errno()).isEqualTo(9));
    epoll.close(ep);
    assertThatThrownBy(() -> epoll.await(ep, 8, 0)).isInstanceOf(HostCallError.class);
  }
}
