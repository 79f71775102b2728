package io.spear.streams.rtasr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.runtime.host.Errno;
import io.spear.runtime.host.fd.DescribedState;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.Readiness;
import io.spear.streams.media.AsrEvents;
import io.spear.streams.media.AsrLink;
import io.spear.streams.media.MediaMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * One realtime speech recognition descriptor: its params, a bounded queue of audio and client
 * events waiting to be sent, a bounded queue of server events waiting to be read, and the link to
 * the backend once connected. Readiness follows SPEAR: IN while an event waits, OUT while the send
 * queue has room and the session is usable, ERR after a failure, HUP once the server closed.
 */
final class RtasrSession implements DescribedState, AsrEvents {

  /** SPEAR's send and receive queue size. */
  static final long DEFAULT_MAX_QUEUE_BYTES = 1024 * 1024;

  /** The largest queue a guest may ask for: 64 MiB, held by the node for it. */
  static final long MAX_QUEUE_BYTES = 64L * 1024 * 1024;

  static final String COMMIT = "{\"type\":\"input_audio_buffer.commit\"}";
  static final String CLEAR = "{\"type\":\"input_audio_buffer.clear\"}";

  private static final ObjectMapper JSON = new ObjectMapper();

  enum State {
    INIT("Init"),
    CONFIGURED("Configured"),
    CONNECTED("Connected"),
    CLOSED("Closed"),
    ERROR("Error");

    final String label;

    State(String label) {
      this.label = label;
    }
  }

  /** Something waiting to be sent. */
  private sealed interface Item permits Audio, Event {
    int bytes();
  }

  private record Audio(byte[] pcm) implements Item {
    @Override
    public int bytes() {
      return pcm.length;
    }
  }

  private record Event(String json) implements Item {
    @Override
    public int bytes() {
      return json.length();
    }
  }

  private final MediaMetrics metrics;
  private final LongSupplier ticker;
  private final Map<String, JsonNode> params = new TreeMap<>();
  private final ArrayDeque<Item> sendQueue = new ArrayDeque<>();
  private final ArrayDeque<byte[]> recvQueue = new ArrayDeque<>();
  private FdEntry<RtasrSession> entry;
  private State state = State.INIT;
  private String lastError;
  private long sendBytes;
  private long recvBytes;
  private long maxSendBytes = DEFAULT_MAX_QUEUE_BYTES;
  private long maxRecvBytes = DEFAULT_MAX_QUEUE_BYTES;
  private long droppedEvents;
  private Segmentation segmentation = Segmentation.DEFAULT;
  private AsrLink link;
  private boolean connecting;
  private boolean sending;
  private boolean closing;
  private boolean detached;
  private boolean holdsSlot;
  private boolean pendingFlush;
  private long bufferedSinceFlush;
  private long lastFlushNanos;
  private long lastAudioNanos;

  RtasrSession(MediaMetrics metrics, LongSupplier ticker) {
    this.metrics = metrics;
    this.ticker = ticker;
    this.lastFlushNanos = ticker.getAsLong();
    this.lastAudioNanos = lastFlushNanos;
  }

  void attach(FdEntry<RtasrSession> value) {
    synchronized (this) {
      entry = value;
    }
    refresh();
  }

  // ---- control ----

  /** SET_PARAM: stores {@code value} under {@code key}; queue sizes take effect at once. */
  synchronized int setParam(String key, JsonNode value) {
    boolean queueSize = key.equals("max_send_queue_bytes") || key.equals("max_recv_queue_bytes");
    if (queueSize && value.canConvertToLong() && value.asLong() > MAX_QUEUE_BYTES) {
      return -Errno.EINVAL; // the queues live on the node's heap, not in the guest's memory
    }
    params.put(key, value);
    if (state == State.INIT) {
      state = State.CONFIGURED;
    }
    if (value.canConvertToLong() && value.asLong() > 0) {
      if (key.equals("max_send_queue_bytes")) {
        maxSendBytes = value.asLong();
      } else if (key.equals("max_recv_queue_bytes")) {
        maxRecvBytes = value.asLong();
      }
    }
    return 0;
  }

  synchronized Optional<String> param(String key) {
    JsonNode v = params.get(key);
    return v != null && v.isTextual() && !v.asText().isBlank()
        ? Optional.of(v.asText().trim())
        : Optional.empty();
  }

  synchronized long longParam(String key, long fallback) {
    JsonNode v = params.get(key);
    return v != null && v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : fallback;
  }

  synchronized Segmentation segmentation() {
    return segmentation;
  }

  synchronized void segmentation(Segmentation value) {
    segmentation = value;
    pendingFlush = false;
    bufferedSinceFlush = 0;
    lastFlushNanos = ticker.getAsLong();
    lastAudioNanos = lastFlushNanos;
  }

  /** Checks CONNECT may go on: 0 to connect, 1 when already connected, or a negative errno. */
  synchronized int beginConnect() {
    if (state == State.CLOSED) {
      return -Errno.EBADF;
    }
    if (state == State.ERROR) {
      return -Errno.EIO;
    }
    if (link != null || connecting) {
      return 1;
    }
    connecting = true;
    return 0;
  }

  /** CONNECT succeeded: audio queued so far starts flowing. */
  void connected(AsrLink value, boolean slot) {
    boolean closeNow;
    synchronized (this) {
      connecting = false;
      holdsSlot = slot;
      closeNow = detached;
      if (!closeNow) {
        link = value;
        if (state != State.ERROR && state != State.CLOSED) {
          state = State.CONNECTED;
        }
      }
    }
    if (closeNow) {
      value.close();
      releaseSlot();
      return;
    }
    pump();
    refresh();
  }

  /** CONNECT failed: the reason is kept for GET_STATUS; the guest may fix its params and retry. */
  void connectFailed(String reason) {
    synchronized (this) {
      connecting = false;
      lastError = reason;
    }
    refresh();
  }

  /** Queues one client event (SEND_EVENT, FLUSH, CLEAR); 0 or a negative errno. */
  int queueEvent(String json, boolean flush, boolean clear) {
    synchronized (this) {
      int usable = usable();
      if (usable != 0) {
        return usable;
      }
      if (sendBytes + json.length() > maxSendBytes) {
        return -Errno.EAGAIN;
      }
      sendQueue.addLast(new Event(json));
      sendBytes += json.length();
      if (flush || clear) {
        pendingFlush = flush;
        bufferedSinceFlush = 0;
        lastFlushNanos = ticker.getAsLong();
      }
    }
    pump();
    refresh();
    return 0;
  }

  /** {@code rtasr_write}: the bytes accepted, or a negative errno. */
  int write(byte[] pcm) {
    synchronized (this) {
      int usable = usable();
      if (usable != 0) {
        return usable;
      }
      if (sendBytes + pcm.length > maxSendBytes) {
        return -Errno.EAGAIN;
      }
      sendQueue.addLast(new Audio(pcm));
      sendBytes += pcm.length;
      bufferedSinceFlush += pcm.length;
      lastAudioNanos = ticker.getAsLong();
      maybeCommit(lastAudioNanos);
    }
    pump();
    refresh();
    return pcm.length;
  }

  private int usable() {
    return switch (state) {
      case ERROR -> -Errno.EIO;
      case CLOSED -> -Errno.EPIPE;
      default -> 0;
    };
  }

  // The host commits on its own in client_commit mode, as SPEAR: at most once per gap, after
  // enough audio, enough time, or enough silence since the last write.
  private void maybeCommit(long now) {
    if (!segmentation.strategy().equals(Segmentation.CLIENT_COMMIT)
        || segmentation.commit().isEmpty()
        || pendingFlush
        || bufferedSinceFlush == 0) {
      return;
    }
    Segmentation.ClientCommit c = segmentation.commit().get();
    long sinceFlushMs = (now - lastFlushNanos) / 1_000_000;
    if (sinceFlushMs < c.minFlushGapMs()) {
      return;
    }
    boolean due =
        (c.maxBufferBytes().isPresent() && bufferedSinceFlush >= c.maxBufferBytes().getAsLong())
            || (c.flushIntervalMs().isPresent() && sinceFlushMs >= c.flushIntervalMs().getAsLong())
            || (c.silenceMs().isPresent()
                && (now - lastAudioNanos) / 1_000_000 >= c.silenceMs().getAsLong());
    if (!due || sendBytes + COMMIT.length() > maxSendBytes) {
      return;
    }
    sendQueue.addLast(new Event(COMMIT));
    sendBytes += COMMIT.length();
    pendingFlush = true;
    bufferedSinceFlush = 0;
    lastFlushNanos = now;
  }

  /** The next server event, or null. */
  synchronized byte[] peek() {
    return recvQueue.peekFirst();
  }

  void consume(byte[] event) {
    synchronized (this) {
      if (recvQueue.peekFirst() == event) {
        recvQueue.pollFirst();
        recvBytes -= event.length;
      }
    }
    refresh();
  }

  /** GET_STATUS. */
  synchronized byte[] status() {
    ObjectNode out = JSON.createObjectNode();
    out.put("state", state.label);
    if (lastError == null) {
      out.putNull("last_error");
    } else {
      out.put("last_error", lastError);
    }
    out.put("send_queue_bytes", sendBytes);
    out.put("recv_queue_bytes", recvBytes);
    out.put("max_send_queue_bytes", maxSendBytes);
    out.put("max_recv_queue_bytes", maxRecvBytes);
    out.put("dropped_events", droppedEvents);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The guest closed the descriptor, or the execution ended ({@code flush} false): with {@code
   * flush_on_close} the buffered audio is committed before the link closes.
   */
  void close(boolean flush) {
    AsrLink toClose = null;
    synchronized (this) {
      if (detached) {
        return;
      }
      detached = true;
      boolean commit =
          flush && segmentation.flushOnClose() && link != null && state == State.CONNECTED;
      if (commit && sendBytes + COMMIT.length() <= maxSendBytes) {
        sendQueue.addLast(new Event(COMMIT));
        sendBytes += COMMIT.length();
        closing = true;
      } else {
        sendQueue.clear();
        sendBytes = 0;
        toClose = link;
        link = null;
      }
      if (state != State.ERROR) {
        state = State.CLOSED;
      }
    }
    if (toClose != null) {
      toClose.close();
    }
    pump();
    releaseSlot();
  }

  private void releaseSlot() {
    boolean release;
    synchronized (this) {
      release = holdsSlot;
      holdsSlot = false;
    }
    if (release) {
      metrics.closeAsr();
    }
  }

  // Sends queued items one at a time, in order; a send that completes later resumes the loop.
  private void pump() {
    while (true) {
      Item item;
      AsrLink target;
      synchronized (this) {
        if (link == null || sending) {
          return;
        }
        item = sendQueue.pollFirst();
        if (item == null) {
          if (closing) {
            closing = false;
            AsrLink done = link;
            link = null;
            done.close();
          }
          return;
        }
        sendBytes -= item.bytes();
        sending = true;
        target = link;
      }
      CompletableFuture<Void> sent;
      try {
        sent =
            switch (item) {
              case Audio a -> {
                metrics.audioSent(a.pcm().length);
                yield target.sendAudio(a.pcm());
              }
              case Event e -> target.sendEvent(e.json());
            };
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      if (!sent.isDone()) {
        var _ =
            sent.whenComplete(
                (v, error) -> {
                  sent(error);
                  pump();
                  refresh();
                });
        return;
      }
      sent(sent.isCompletedExceptionally() ? failure(sent) : null);
      refresh();
    }
  }

  private static Throwable failure(CompletableFuture<Void> future) {
    try {
      future.join();
      return null;
    } catch (RuntimeException e) {
      return e.getCause() == null ? e : e.getCause();
    }
  }

  private void sent(Throwable error) {
    synchronized (this) {
      sending = false;
    }
    if (error != null) {
      failed("websocket send failed: " + error.getMessage());
    }
  }

  // ---- events from the backend ----

  @Override
  public void event(byte[] payload) {
    synchronized (this) {
      if (detached) {
        return;
      }
      recvQueue.addLast(payload);
      recvBytes += payload.length;
      metrics.eventReceived();
      // The oldest goes first when the guest falls behind, as SPEAR; the newest is kept.
      while (recvBytes > maxRecvBytes && recvQueue.size() > 1) {
        recvBytes -= recvQueue.pollFirst().length;
        droppedEvents++;
        metrics.eventDropped();
      }
    }
    refresh();
  }

  @Override
  public void closed() {
    synchronized (this) {
      if (state != State.ERROR) {
        state = State.CLOSED;
      }
      link = null;
    }
    refresh();
  }

  @Override
  public void failed(String message) {
    synchronized (this) {
      // The first failure says why; sends failing after it would only repeat it vaguely.
      if ((detached && state == State.CLOSED) || state == State.ERROR) {
        return;
      }
      lastError = message;
      state = State.ERROR;
    }
    refresh();
  }

  /** Recomputes readiness as SPEAR defines it. */
  void refresh() {
    FdEntry<RtasrSession> e;
    int mask = 0;
    synchronized (this) {
      e = entry;
      if (e == null) {
        return;
      }
      if (!recvQueue.isEmpty()) {
        mask |= Readiness.IN;
      }
      if (sendBytes < maxSendBytes && state != State.CLOSED && state != State.ERROR) {
        mask |= Readiness.OUT;
      }
      if (state == State.ERROR) {
        mask |= Readiness.ERR;
      }
      if (state == State.CLOSED) {
        mask |= Readiness.HUP;
      }
    }
    e.raise(mask);
    e.clear(Readiness.ALL & ~mask);
  }

  @Override
  public String kindName() {
    return "RtAsr";
  }

  @Override
  public String metricsJson() {
    return new String(status(), StandardCharsets.UTF_8);
  }
}
