package io.spear.streams.user;

import io.spear.runtime.host.Errno;
import io.spear.runtime.host.HostCallError;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.FdKind;
import io.spear.runtime.host.fd.FdTable;
import io.spear.streams.SsfFrame;
import io.spear.streams.StreamChannel;
import io.spear.streams.UserStreamHub;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The semantics of the {@code user_stream_*} calls of one execution, apart from guest memory. Reads
 * hand the next item to a writer and take it only when the writer succeeded, so a buffer too small
 * (ENOSPC) loses nothing: the retry gets the same frame.
 */
public final class UserStreamHost {

  /** The kind of a stream's or the control channel's descriptor. */
  public static final FdKind USER_STREAM = new FdKind("UserStream");

  private final FdTable fds;
  private final Optional<UserStreamHub> hub;

  /** The host of an execution; without a hub (no execution) the open calls fail with ENOTCONN. */
  public UserStreamHost(FdTable fds, Optional<UserStreamHub> hub) {
    this.fds = fds;
    this.hub = hub;
  }

  /** {@code user_stream_ctl_open}. */
  public int controlOpen() {
    if (hub.isEmpty()) {
      return -Errno.ENOTCONN;
    }
    ControlState state = new ControlState(hub.get().executionId());
    Optional<FdEntry<ControlState>> entry = fds.allocate(USER_STREAM, state, 0);
    if (entry.isEmpty()) {
      return -Errno.ENOMEM;
    }
    state.attach(entry.get(), hub.get());
    return entry.get().fd();
  }

  /** {@code user_stream_ctl_read}: one 8-byte event passed to {@code writer}, or EAGAIN. */
  public int controlRead(int fd, ToIntFunction<byte[]> writer) {
    ControlState state = open(fd, ControlState.class);
    byte[] event = state.peek();
    if (event == null) {
      return -Errno.EAGAIN;
    }
    int rc = writer.applyAsInt(event);
    if (rc >= 0) {
      state.consume(event);
    }
    return rc;
  }

  /** {@code user_stream_open}: direction 1 in, 2 out, 3 both. */
  public int open(int streamId, int direction) {
    if (hub.isEmpty()) {
      return -Errno.ENOTCONN;
    }
    if (streamId < 0 || direction < StreamState.IN || direction > StreamState.BIDI) {
      return -Errno.EINVAL;
    }
    StreamState state = new StreamState(hub.get().channel(streamId), direction);
    Optional<FdEntry<StreamState>> entry = fds.allocate(USER_STREAM, state, 0);
    if (entry.isEmpty()) {
      return -Errno.ENOMEM;
    }
    state.attach(entry.get());
    return entry.get().fd();
  }

  /** {@code user_stream_read}: one whole frame passed to {@code writer}, or EAGAIN. */
  public int read(int fd, ToIntFunction<byte[]> writer) {
    StreamState state = open(fd, StreamState.class);
    if (!state.reads()) {
      return -Errno.EINVAL;
    }
    byte[] frame = state.channel.peekInbound();
    if (frame == null) {
      return -Errno.EAGAIN;
    }
    int rc = writer.applyAsInt(frame);
    if (rc >= 0) {
      state.channel.consumeInbound(frame);
    }
    return rc;
  }

  /** {@code user_stream_write}: a valid SSF v1 frame of this stream; 0 when queued, as SPEAR. */
  public int write(int fd, byte[] frame) {
    Optional<SsfFrame.Header> header = SsfFrame.parse(frame);
    if (header.isEmpty()) {
      return -Errno.EINVAL;
    }
    StreamState state = open(fd, StreamState.class);
    if (!state.writes() || header.get().streamId() != state.channel.streamId()) {
      return -Errno.EINVAL;
    }
    return switch (state.channel.offerOutbound(frame)) {
      case QUEUED -> 0;
      case FULL -> -Errno.EAGAIN;
      case TOO_LARGE -> -Errno.EINVAL;
      case NOT_CONNECTED -> -Errno.ENOTCONN;
      case CLOSED -> -Errno.EPIPE;
    };
  }

  /** {@code user_stream_close}: a stream or control descriptor; closing twice is 0. */
  public int close(int fd) {
    Optional<FdEntry<?>> entry = fds.get(fd);
    if (entry.isEmpty()) {
      return -Errno.EBADF;
    }
    if (entry.get().kind() != USER_STREAM) {
      return -Errno.EBADF;
    }
    if (entry.get().state() instanceof StreamState stream) {
      stream.detach();
    } else if (entry.get().state() instanceof ControlState control) {
      control.detach();
    }
    return fds.close(fd);
  }

  private <S> S open(int fd, Class<S> type) {
    return fds.open(fd, USER_STREAM, type)
        .map(FdEntry::state)
        .orElseThrow(() -> new HostCallError(Errno.EBADF));
  }

  /** Channel of a stream descriptor, for tests. */
  StreamChannel channel(int fd) {
    return open(fd, StreamState.class).channel;
  }
}
