package io.spear.streams.user;

import io.spear.runtime.host.fd.DescribedState;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.Readiness;
import io.spear.streams.StreamChannel;

/** A stream descriptor: a direction over a channel, its readiness following the channel. */
final class StreamState implements DescribedState {

  /** Inbound only. */
  static final int IN = 1;

  /** Outbound only. */
  static final int OUT = 2;

  /** Both ways. */
  static final int BIDI = 3;

  final StreamChannel channel;
  final int direction;
  private FdEntry<StreamState> entry;
  private Runnable unlisten = () -> {};

  StreamState(StreamChannel channel, int direction) {
    this.channel = channel;
    this.direction = direction;
  }

  void attach(FdEntry<StreamState> value) {
    synchronized (this) {
      entry = value;
    }
    unlisten = channel.listen(this::refresh);
    refresh();
  }

  void detach() {
    unlisten.run();
  }

  boolean reads() {
    return (direction & IN) != 0;
  }

  boolean writes() {
    return (direction & OUT) != 0;
  }

  /** Recomputes readiness from the channel: IN, OUT, ERR, HUP as SPEAR defines them. */
  void refresh() {
    FdEntry<StreamState> e;
    synchronized (this) {
      e = entry;
    }
    if (e == null) {
      return;
    }
    int mask = 0;
    if (reads() && channel.readable()) {
      mask |= Readiness.IN;
    }
    if (writes() && channel.writable()) {
      mask |= Readiness.OUT;
    }
    StreamChannel.State state = channel.state();
    if (state == StreamChannel.State.ERROR) {
      mask |= Readiness.ERR;
    }
    if (state == StreamChannel.State.CLOSED) {
      mask |= Readiness.HUP;
    }
    e.raise(mask);
    e.clear(Readiness.ALL & ~mask);
  }

  @Override
  public String kindName() {
    return "UserStream";
  }

  @Override
  public String metricsJson() {
    String name =
        switch (direction) {
          case IN -> "Inbound";
          case OUT -> "Outbound";
          default -> "Bidirectional";
        };
    return channel.metricsJson(name);
  }
}
