package io.spear.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UserStreamHubTest {

  private final UserStreamBroker broker = new UserStreamBroker(StreamLimits.DEFAULTS);
  private final List<String> events = new ArrayList<>();

  private static byte[] frame(int streamId, String data) {
    return SsfFrame.build(streamId, SsfFrame.TYPE_DATA, 1, "{}", data);
  }

  private synchronized void record(int streamId, int kind) {
    events.add(streamId + ":" + kind);
  }

  @Test
  void streamsThatConnectBeforeTheGuestListensAreAnnouncedWhenItDoes() {
    UserStreamHub hub = broker.open("e1").orElseThrow();
    StreamConnection client = hub.connect(new CollectingSink()).orElseThrow();

    assertThat(client.receive(frame(1, "early"))).isEqualTo(StreamConnection.Received.QUEUED);
    hub.addControl(this::record);

    assertThat(events).containsExactly("1:1");
    assertThat(hub.channel(1).peekInbound()).isEqualTo(frame(1, "early"));
  }

  @Test
  void twoClientsWithTheSameStreamIdGetDistinctGuestStreamsAndTheirOwnIdsBack()
      throws InterruptedException {
    UserStreamHub hub = broker.open("e2").orElseThrow();
    hub.addControl(this::record);
    CollectingSink first = new CollectingSink();
    CollectingSink second = new CollectingSink();
    StreamConnection a = hub.connect(first).orElseThrow();
    StreamConnection b = hub.connect(second).orElseThrow();

    a.receive(frame(1, "from a"));
    b.receive(frame(1, "from b"));

    assertThat(events).containsExactly("1:1", "2:1");
    assertThat(SsfFrame.parse(hub.channel(2).peekInbound()).orElseThrow().streamId()).isEqualTo(2);
    hub.channel(2).offerOutbound(frame(2, "to b"));
    assertThat(second.next()).isEqualTo(frame(1, "to b"));
    assertThat(first.frames).isEmpty();
  }

  @Test
  void theLastClientLeavingClosesTheSessionAndHangsUpItsStreams() {
    UserStreamHub hub = broker.open("e3").orElseThrow();
    hub.addControl(this::record);
    StreamConnection a = hub.connect(new CollectingSink()).orElseThrow();
    StreamConnection b = hub.connect(new CollectingSink()).orElseThrow();
    a.receive(frame(5, "x"));
    b.receive(frame(5, "y"));

    a.close();
    assertThat(hub.channel(1).state()).isEqualTo(StreamChannel.State.CLOSED);
    assertThat(hub.channel(2).state()).isEqualTo(StreamChannel.State.CONNECTED);
    assertThat(events).containsExactly("1:1", "2:1");

    b.close();
    assertThat(events).containsExactly("1:1", "2:1", "0:2");
    assertThat(broker.metrics().openConnections()).isZero();
    assertThat(broker.metrics().openStreams()).isZero();
  }

  @Test
  void anInvalidOrOversizedFrameIsReportedAndNothingIsQueued() {
    UserStreamBroker small = new UserStreamBroker(new StreamLimits(1024, 1024, 64, 10, 10, 10));
    UserStreamHub hub = small.open("e4").orElseThrow();
    StreamConnection client = hub.connect(new CollectingSink()).orElseThrow();

    assertThat(client.receive(new byte[] {1, 2, 3})).isEqualTo(StreamConnection.Received.INVALID);
    assertThat(client.receive(frame(1, "x".repeat(100))))
        .isEqualTo(StreamConnection.Received.OVERFLOW);
    assertThat(hub.channel(1).state()).isEqualTo(StreamChannel.State.ERROR);
    assertThat(small.metrics().droppedFrames()).isEqualTo(2);
  }

  @Test
  void aFullOutboundQueueIsBackpressureNotLoss() throws InterruptedException {
    UserStreamHub hub =
        new UserStreamBroker(new StreamLimits(1024, 128, 64, 10, 10, 10)).open("e5").orElseThrow();
    BlockedSink sink = new BlockedSink();
    StreamConnection client = hub.connect(sink).orElseThrow();
    client.receive(frame(1, "hi"));
    StreamChannel channel = hub.channel(1);
    channel.offerOutbound(frame(1, "0123456789"));
    // The writer took that frame and is stuck sending it: the queue is now only the guest's.
    assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();

    int queued = 0;
    while (channel.offerOutbound(frame(1, "0123456789")) == StreamChannel.Offer.QUEUED) {
      queued++;
    }
    assertThat(queued).isEqualTo(2);
    assertThat(channel.offerOutbound(frame(1, "0123456789"))).isEqualTo(StreamChannel.Offer.FULL);
  }

  @Test
  void theExecutionEndingClosesClientsNormallyAfterSendingWhatIsQueued() throws Exception {
    UserStreamHub hub = broker.open("e6").orElseThrow();
    CollectingSink sink = new CollectingSink();
    StreamConnection client = hub.connect(sink).orElseThrow();
    client.receive(frame(3, "hi"));
    hub.channel(1).offerOutbound(frame(1, "bye"));

    hub.close();

    assertThat(sink.closed.get(10, TimeUnit.SECONDS)).isEqualTo(FrameSink.NORMAL);
    assertThat(sink.frames).hasSize(1);
    assertThat(SsfFrame.parse(sink.frames.peek()).orElseThrow().streamId()).isEqualTo(3);
    assertThat(broker.find("e6")).isEmpty();
    assertThat(hub.connect(new CollectingSink())).isEmpty();
  }

  @Test
  void theNodeRunsAtMostItsCapOfStreamExecutions() {
    UserStreamBroker capped = new UserStreamBroker(new StreamLimits(1024, 1024, 64, 10, 10, 1));
    UserStreamHub first = capped.open("a").orElseThrow();

    assertThat(capped.open("b")).isEmpty();
    first.close();
    assertThat(capped.open("b")).isPresent();
  }

  @Test
  void aClientWaitingForAQueuedExecutionGetsItsHubWhenItStarts() throws Exception {
    var waiting = broker.await("later");
    assertThat(waiting).isNotDone();
    UserStreamHub hub = broker.open("later").orElseThrow();
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isSameAs(hub);
  }

  /** A client that never takes a frame. */
  private static final class BlockedSink implements FrameSink {
    final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);

    @Override
    public void send(byte[] frame) throws java.io.IOException {
      entered.countDown();
      try {
        new java.util.concurrent.CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException();
      }
    }

    @Override
    public void close(int code, String reason) {}
  }
}
