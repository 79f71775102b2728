package io.spear.streams.user;

import io.spear.runtime.host.fd.DescribedState;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.Readiness;
import io.spear.streams.UserStreamHub;
import java.util.ArrayDeque;

/** A control descriptor: pending 8-byte events, readable while there is one. */
final class ControlState implements DescribedState, UserStreamHub.ControlListener {

  /** Events kept before the oldest is dropped, as SPEAR. */
  static final int MAX_PENDING = 1024;

  private final String executionId;
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  private FdEntry<ControlState> entry;
  private Runnable unregister = () -> {};

  ControlState(String executionId) {
    this.executionId = executionId;
  }

  void attach(FdEntry<ControlState> value, UserStreamHub hub) {
    synchronized (this) {
      entry = value;
    }
    unregister = hub.addControl(this);
  }

  void detach() {
    unregister.run();
  }

  @Override
  public void event(int streamId, int kind) {
    FdEntry<ControlState> e;
    synchronized (this) {
      if (pending.size() >= MAX_PENDING) {
        pending.pollFirst();
      }
      byte[] record = new byte[8];
      putInt(record, 0, streamId);
      putInt(record, 4, kind);
      pending.addLast(record);
      e = entry;
    }
    if (e != null) {
      e.raise(Readiness.IN);
    }
  }

  /** The next event, or null. */
  synchronized byte[] peek() {
    return pending.peekFirst();
  }

  void consume(byte[] event) {
    FdEntry<ControlState> e;
    boolean empty;
    synchronized (this) {
      if (pending.peekFirst() == event) {
        pending.pollFirst();
      }
      empty = pending.isEmpty();
      e = entry;
    }
    if (empty && e != null) {
      e.clear(Readiness.IN);
    }
  }

  @Override
  public String kindName() {
    return "UserStreamCtl";
  }

  @Override
  public synchronized String metricsJson() {
    return "{\"execution_id\":\"%s\",\"max_pending\":%d,\"pending_len\":%d}"
        .formatted(executionId, MAX_PENDING, pending.size());
  }

  static void putInt(byte[] out, int at, int value) {
    out[at] = (byte) value;
    out[at + 1] = (byte) (value >>> 8);
    out[at + 2] = (byte) (value >>> 16);
    out[at + 3] = (byte) (value >>> 24);
  }
}
