package io.spear.streams;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The user streams of one running execution. Clients attach as {@link StreamConnection}s; each
 * client's stream ids are mapped to guest stream ids allocated 1, 2, ... per execution (as SPEAR's
 * SMS does), so several clients never collide and a lone client sees its own ids unchanged.
 *
 * <p>Streams that connect before the guest opened its control descriptor are remembered and
 * announced when it does, instead of the connection being dropped as in SPEAR.
 */
public final class UserStreamHub {

  /** Control event: a client sent the first frame of a stream. */
  public static final int EVENT_STREAM_CONNECTED = 1;

  /** Control event: the last client went away. */
  public static final int EVENT_SESSION_CLOSED = 2;

  /** Receives control events; called outside the hub's lock. */
  @FunctionalInterface
  public interface ControlListener {
    /** One event for the guest's control descriptor. */
    void event(int streamId, int kind);
  }

  private final String executionId;
  private final StreamLimits limits;
  private final StreamMetrics metrics;
  private final Runnable onClose;
  private final Map<Integer, StreamChannel> channels = new ConcurrentHashMap<>();
  private final List<ControlListener> controls = new CopyOnWriteArrayList<>();

  // Guarded by this.
  private final Set<Integer> connected = new LinkedHashSet<>();
  private final Set<StreamConnection> connections = new LinkedHashSet<>();
  private int nextStreamId = 1;
  private boolean everConnected;
  private boolean closed;

  UserStreamHub(String executionId, StreamLimits limits, StreamMetrics metrics, Runnable onClose) {
    this.executionId = executionId;
    this.limits = limits;
    this.metrics = metrics;
    this.onClose = onClose;
  }

  /** The execution whose streams these are. */
  public String executionId() {
    return executionId;
  }

  /** The limits that apply. */
  public StreamLimits limits() {
    return limits;
  }

  /** The channel of a guest stream id; a stream no client has opened yet starts in INIT. */
  public StreamChannel channel(int streamId) {
    return channels.computeIfAbsent(streamId, id -> new StreamChannel(id, limits, metrics));
  }

  /**
   * Registers the guest's control descriptor; streams already connected are announced at once.
   *
   * @return unregisters it
   */
  public Runnable addControl(ControlListener listener) {
    List<Integer> replay;
    boolean sessionOver;
    synchronized (this) {
      controls.add(listener);
      replay = new ArrayList<>(connected);
      sessionOver = everConnected && connections.isEmpty();
    }
    replay.forEach(id -> listener.event(id, EVENT_STREAM_CONNECTED));
    if (sessionOver) {
      listener.event(0, EVENT_SESSION_CLOSED);
    }
    return () -> controls.remove(listener);
  }

  /** Attaches a client, or empty when the execution ended or the node's cap is reached. */
  public Optional<StreamConnection> connect(FrameSink sink) {
    StreamConnection connection;
    synchronized (this) {
      if (closed) {
        return Optional.empty();
      }
      if (metrics.connections().incrementAndGet() > limits.maxConnectionsPerNode()) {
        metrics.connections().decrementAndGet();
        metrics.rejected();
        return Optional.empty();
      }
      connection = new StreamConnection(this, sink, metrics);
      connections.add(connection);
      everConnected = true;
    }
    connection.start();
    return Optional.of(connection);
  }

  /** A new guest stream id for a client stream, or -1 at the node's stream cap. */
  synchronized int allocateStream() {
    if (metrics.streams().incrementAndGet() > limits.maxStreamsPerNode()) {
      metrics.streams().decrementAndGet();
      return -1;
    }
    return nextStreamId++;
  }

  void streamConnected(int streamId) {
    synchronized (this) {
      if (closed || !connected.add(streamId)) {
        return;
      }
    }
    controls.forEach(c -> c.event(streamId, EVENT_STREAM_CONNECTED));
  }

  void connectionClosed(StreamConnection connection, List<Integer> streams) {
    boolean last;
    synchronized (this) {
      if (!connections.remove(connection)) {
        return;
      }
      metrics.connections().decrementAndGet();
      streams.forEach(connected::remove);
      last = connections.isEmpty() && !closed;
    }
    metrics.streams().addAndGet(-streams.size());
    for (int id : streams) {
      StreamChannel channel = channels.get(id);
      if (channel != null) {
        channel.close();
      }
    }
    if (last) {
      controls.forEach(c -> c.event(0, EVENT_SESSION_CLOSED));
    }
  }

  /** The execution ended: every client is sent what is queued and closed normally. */
  public void close() {
    List<StreamConnection> open;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(connections);
    }
    open.forEach(StreamConnection::finish);
    channels.values().forEach(StreamChannel::close);
    onClose.run();
  }

  /** Whether the execution ended. */
  public synchronized boolean closed() {
    return closed;
  }

  /** Clients attached now. */
  public synchronized int connectionCount() {
    return connections.size();
  }
}
