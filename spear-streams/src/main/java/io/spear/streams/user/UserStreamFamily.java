package io.spear.streams.user;

import static io.spear.runtime.host.HostCall.Type.I32;
import static io.spear.runtime.host.HostCall.Type.IN_PTR;
import static io.spear.runtime.host.HostCall.Type.LEN_PTR;
import static io.spear.runtime.host.HostCall.Type.OUT_PTR;
import static io.spear.runtime.host.HostCall.param;

import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.Guest;
import io.spear.runtime.host.GuestAbi;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostFamily;
import io.spear.streams.SsfFrame;
import io.spear.streams.UserStreamBroker;
import io.spear.streams.UserStreamHub;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The {@code user_stream_*} imports: guest memory in and out, and {@link UserStreamHost} for the
 * meaning. An execution that imports them gets a hub from the node's broker for as long as it runs.
 */
public final class UserStreamFamily implements HostFamily<UserStreamHost> {

  /** {@code user_stream_open} direction: inbound only. */
  public static final int DIRECTION_IN = StreamState.IN;

  /** {@code user_stream_open} direction: outbound only. */
  public static final int DIRECTION_OUT = StreamState.OUT;

  /** {@code user_stream_open} direction: both ways. */
  public static final int DIRECTION_BIDI = StreamState.BIDI;

  private static final List<HostCall<UserStreamHost>> CALLS =
      List.of(
          HostCall.of(
              "user_stream_ctl_open",
              I32,
              "The execution's stream control descriptor.",
              (streams, guest, args) -> streams.controlOpen()),
          HostCall.of(
              "user_stream_ctl_read",
              I32,
              "One 8-byte control event, or -EAGAIN.",
              (streams, guest, args) -> streams.controlRead((int) args[0], writer(guest, args)),
              param("fd", I32),
              param("out", OUT_PTR),
              param("out_len", LEN_PTR)),
          HostCall.of(
              "user_stream_open",
              I32,
              "Opens a connected stream in a direction (STREAM_*).",
              (streams, guest, args) -> streams.open((int) args[0], (int) args[1]),
              param("stream_id", I32),
              param("direction", I32)),
          HostCall.of(
              "user_stream_read",
              I32,
              "One whole SSF frame, or -EAGAIN.",
              (streams, guest, args) -> streams.read((int) args[0], writer(guest, args)),
              param("fd", I32),
              param("out", OUT_PTR),
              param("out_len", LEN_PTR)),
          HostCall.of(
              "user_stream_write",
              I32,
              "Queues one SSF frame: 0 or -errno.",
              (streams, guest, args) ->
                  streams.write((int) args[0], guest.memory().read((int) args[1], (int) args[2])),
              param("fd", I32),
              param("buf", IN_PTR),
              param("len", I32)),
          HostCall.of(
              "user_stream_close",
              I32,
              "Closes a stream or the control descriptor.",
              (streams, guest, args) -> streams.close((int) args[0]),
              param("fd", I32)));

  private final UserStreamBroker broker;

  /** The family over the node's broker, which its WebSocket data plane shares. */
  public UserStreamFamily(UserStreamBroker broker) {
    this.broker = Objects.requireNonNull(broker, "broker");
  }

  @Override
  public String name() {
    return "stream";
  }

  @Override
  public List<HostCall<UserStreamHost>> calls() {
    return CALLS;
  }

  @Override
  public List<GuestAbi.Constant> constants() {
    String g = "stream";
    return List.of(
        GuestAbi.constant(g, "STREAM_IN", DIRECTION_IN, "Inbound only."),
        GuestAbi.constant(g, "STREAM_OUT", DIRECTION_OUT, "Outbound only."),
        GuestAbi.constant(g, "STREAM_BIDI", DIRECTION_BIDI, "Both ways."),
        GuestAbi.constant(
            g,
            "STREAM_EVENT_CONNECTED",
            UserStreamHub.EVENT_STREAM_CONNECTED,
            "A client stream connected."),
        GuestAbi.constant(
            g,
            "STREAM_EVENT_SESSION_CLOSED",
            UserStreamHub.EVENT_SESSION_CLOSED,
            "The stream session ended."),
        GuestAbi.constant(g, "SSF_HEADER_BYTES", SsfFrame.HEADER_BYTES, "SSF header size."),
        GuestAbi.constant(g, "SSF_VERSION", 1, "SSF version."),
        GuestAbi.constant(g, "SSF_REQUEST", SsfFrame.TYPE_REQUEST, "SSF request frame."),
        GuestAbi.constant(g, "SSF_DATA", SsfFrame.TYPE_DATA, "SSF data frame."),
        GuestAbi.constant(g, "SSF_ERROR", SsfFrame.TYPE_ERROR, "SSF error frame."),
        GuestAbi.constant(g, "SSF_CANCEL", SsfFrame.TYPE_CANCEL, "SSF cancel frame."));
  }

  @Override
  public UserStreamHost open(ExecutionScope scope) {
    Optional<UserStreamHub> hub = broker.open(scope.executionId());
    hub.ifPresent(h -> scope.onClose(h::close));
    return new UserStreamHost(scope.fds(), hub);
  }

  private static ToIntFunction<byte[]> writer(Guest guest, long[] args) {
    int ptr = (int) args[1];
    int lenPtr = (int) args[2];
    return payload -> guest.memory().writeWithLength(ptr, lenPtr, payload);
  }
}
