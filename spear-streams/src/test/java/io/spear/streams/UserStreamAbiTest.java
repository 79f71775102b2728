package io.spear.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.host.basic.BasicFamily;
import io.spear.host.epoll.EpollFamily;
import io.spear.runtime.CancellationToken;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Cancelled;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.ExecutionOutcome.TimedOut;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.wasm.Guests;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.streams.user.UserStreamFamily;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The epoll, fd_ctl and user_stream ABI as a guest sees it, with in-process clients. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserStreamAbiTest {

  private final UserStreamBroker broker = new UserStreamBroker(StreamLimits.DEFAULTS);
  private final WasmRuntime runtime =
      new WasmRuntime(
          Guests.config(Guests.NODE)
              .withFamilies(
                  List.of(new BasicFamily(), new EpollFamily(), new UserStreamFamily(broker))));

  @AfterEach
  void close() {
    runtime.close();
  }

  private static byte[] frame(int streamId, String data) {
    return SsfFrame.build(streamId, SsfFrame.TYPE_DATA, 1, "{}", data);
  }

  private CompletableFuture<ExecutionOutcome> start(String id, String mode) {
    TaskInstance instance = Guests.started(runtime, "streams_probe.c.wasm", mode);
    return Guests.async(
        () ->
            runtime.execute(
                instance,
                ExecutionContext.builder()
                    .withExecutionId(id)
                    .withTimeout(Duration.ofSeconds(50))
                    .build()));
  }

  @Test
  void everyErrorPathReturnsSpearsErrno() {
    ExecutionOutcome outcome =
        Guests.run(runtime, Guests.started(runtime, "streams_probe.c.wasm", "errors"));

    assertThat(outcome).isInstanceOf(Completed.class);
    Map<String, String> got = Guests.keyValues(outcome.output().stdoutText());
    assertThat(got)
        .containsEntry("ep", "1000")
        .containsEntry("ctl", "1001")
        .containsEntry("stream", "1002")
        .containsEntry("ctl_bad_fd", "-9")
        .containsEntry("ctl_self", "-22")
        .containsEntry("ctl_bad_op", "-22")
        .containsEntry("ctl_not_epoll", "-9")
        .containsEntry("mod_absent", "-2")
        .containsEntry("del_absent", "0")
        .containsEntry("add", "0")
        .containsEntry("wait_small", "-28")
        .containsEntry("needed", "8")
        // a stream no client opened is neither readable nor writable
        .containsEntry("wait_poll", "0")
        .containsEntry("wait_timeout", "0")
        .containsEntry("wait_bad_fd", "-9")
        .containsEntry("open_bad_dir", "-22")
        .containsEntry("open_negative", "-22")
        .containsEntry("read_empty", "-11")
        .containsEntry("ctl_read_empty", "-11")
        .containsEntry("write_garbage", "-22")
        .containsEntry("write_not_connected", "-107")
        .containsEntry("write_other_stream", "-22")
        .containsEntry("write_inbound_only", "-22")
        .containsEntry("kind_ep", "{\"kind\":\"Epoll\"}")
        .containsEntry("kind_ctl", "{\"kind\":\"UserStreamCtl\"}")
        .containsEntry(
            "status_stream",
            "{\"closed\":false,\"flags\":[],\"kind\":\"UserStream\",\"poll_mask\":[]}")
        .containsEntry("set_flags", "0")
        .containsEntry("flags", "{\"flags\":[\"O_NONBLOCK\"]}")
        .containsEntry("fd_ctl_bad_cmd", "-22")
        .containsEntry("fd_ctl_bad_fd", "-9")
        .containsEntry("close_stream", "0")
        .containsEntry("close_stream_again", "0")
        .containsEntry("close_unknown", "-9")
        .containsEntry("close_ep", "0")
        .containsEntry("wait_closed", "-9");
  }

  @Test
  void echoGuestAnswersTwoClientsAndEndsWhenTheLastOneLeaves() throws Exception {
    CompletableFuture<ExecutionOutcome> run = start("echo-1", "echo");
    UserStreamHub hub = broker.await("echo-1").get(10, TimeUnit.SECONDS);
    CollectingSink first = new CollectingSink();
    CollectingSink second = new CollectingSink();
    StreamConnection a = hub.connect(first).orElseThrow();
    StreamConnection b = hub.connect(second).orElseThrow();

    a.receive(frame(1, "hello"));
    b.receive(frame(1, "world"));
    assertThat(first.next()).isEqualTo(frame(1, "hello"));
    assertThat(second.next()).isEqualTo(frame(1, "world"));
    a.receive(frame(1, "again"));
    assertThat(first.next()).isEqualTo(frame(1, "again"));

    a.close();
    b.receive(frame(1, "still here"));
    assertThat(second.next()).isEqualTo(frame(1, "still here"));
    b.close();

    ExecutionOutcome outcome = run.get(30, TimeUnit.SECONDS);
    assertThat(outcome).isInstanceOf(Completed.class);
    assertThat(outcome.output().stdoutText())
        .contains("connected stream=1 fd=1002", "connected stream=2 fd=1003", "hup fd=1002")
        .contains("session closed\nclose_twice=0\n");
    assertThat(broker.find("echo-1")).isEmpty();
  }

  @Test
  void aFrameTooLargeForTheGuestsBufferIsReadWholeOnTheRetry() throws Exception {
    CompletableFuture<ExecutionOutcome> run = start("small-1", "small");
    UserStreamHub hub = broker.await("small-1").get(10, TimeUnit.SECONDS);
    CollectingSink sink = new CollectingSink();
    StreamConnection client = hub.connect(sink).orElseThrow();

    byte[] sent = frame(4, "a frame longer than eight bytes");
    client.receive(sent);

    assertThat(sink.next()).isEqualTo(sent);
    ExecutionOutcome outcome = run.get(30, TimeUnit.SECONDS);
    Map<String, String> got = Guests.keyValues(outcome.output().stdoutText());
    assertThat(got)
        .containsEntry("small_read", "-28")
        .containsEntry("needed", Integer.toString(sent.length))
        .containsEntry("echo", "0");
    assertThat(got.get("metrics")).contains("\"conn_state\":\"CONNECTED\"", "\"stream_id\":1");
    // The guest ended: the client is closed normally.
    assertThat(sink.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
  }

  @Test
  void theDeadlineStopsAGuestBlockedInEpollWait() {
    TaskInstance instance = Guests.started(runtime, "streams_probe.c.wasm", "block");
    ExecutionOutcome outcome = Guests.runFor(runtime, instance, Duration.ofMillis(300));

    assertThat(outcome).isInstanceOf(TimedOut.class);
    assertThat(outcome.output().stdoutText()).isEqualTo("blocking\n");
  }

  @Test
  void cancellingStopsAGuestBlockedInEpollWait() throws Exception {
    TaskInstance instance = Guests.started(runtime, "streams_probe.c.wasm", "block");
    CancellationToken token = new CancellationToken();
    CompletableFuture<ExecutionOutcome> run =
        Guests.async(
            () ->
                runtime.execute(
                    instance,
                    ExecutionContext.builder()
                        .withTimeout(Duration.ofSeconds(50))
                        .withCancellation(token)
                        .build()));
    // The guest flushes "blocking" just before it waits; cancel once it is there or about to be.
    token.cancel();

    assertThat(run.get(10, TimeUnit.SECONDS)).isInstanceOf(Cancelled.class);
  }
}
