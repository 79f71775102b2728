package io.spear.streams.rtasr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spear.runtime.host.Errno;
import io.spear.runtime.host.HostCallError;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.FdKind;
import io.spear.runtime.host.fd.FdTable;
import io.spear.runtime.host.fd.Readiness;
import io.spear.streams.media.AsrLink;
import io.spear.streams.media.AsrRequest;
import io.spear.streams.media.AsrUnavailableException;
import io.spear.streams.media.MediaServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantics of the {@code rtasr_*} calls of one execution, apart from guest memory.
 *
 * <p>Unlike SPEAR, which silently falls back to fake transcripts, CONNECT with {@code transport:
 * websocket} fails with EIO (and says why in {@code last_error}) when no backend fits; only a guest
 * that asks for another transport gets the stub. Reads take an event only when it fitted the
 * guest's buffer, so an ENOSPC retry gets the same event.
 */
public final class RtasrHost implements AutoCloseable {

  /** SET_PARAM {@code {"key":..,"value":..}}. */
  public static final int SET_PARAM = 1;

  /** Connects to the backend (or the stub). */
  public static final int CONNECT = 2;

  /** The session's state as JSON. */
  public static final int GET_STATUS = 3;

  /** Sends a client event (any JSON) to the backend. */
  public static final int SEND_EVENT = 4;

  /** Commits the buffered audio. */
  public static final int FLUSH = 5;

  /** Discards the buffered audio. */
  public static final int CLEAR = 6;

  /** Sets the segmentation strategy. */
  public static final int SET_AUTOFLUSH = 7;

  /** The segmentation strategy as JSON. */
  public static final int GET_AUTOFLUSH = 8;

  /** The param SPEAR lets a guest point its session at; refused here. */
  static final String WS_URL = "ws_url";

  /** Why CONNECT refused a session that set {@value #WS_URL}. */
  static final String WS_URL_REFUSED =
      "ws_url is not accepted: this node reaches its configured speech backends only at their"
          + " configured addresses";

  /** The kind of its descriptors. */
  public static final FdKind RTASR = new FdKind("RtAsr");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(RtasrHost.class);

  private final FdTable fds;
  private final MediaServices media;
  private final LongSupplier ticker;
  private final List<RtasrSession> sessions = new CopyOnWriteArrayList<>();

  /** The host of one execution; {@code ticker} (nanoseconds) times client commits. */
  public RtasrHost(FdTable fds, MediaServices media, LongSupplier ticker) {
    this.fds = fds;
    this.media = media;
    this.ticker = ticker;
  }

  /** {@code rtasr_create}: a new session, writable. */
  public int create() {
    RtasrSession session = new RtasrSession(media.metrics(), ticker);
    Optional<FdEntry<RtasrSession>> entry = fds.allocate(RTASR, session, Readiness.OUT);
    if (entry.isEmpty()) {
      return -Errno.ENOMEM;
    }
    session.attach(entry.get());
    sessions.add(session);
    return entry.get().fd();
  }

  /**
   * {@code rtasr_ctl}.
   *
   * @param payload the bytes at {@code arg_ptr}, null when {@code *arg_len_ptr} was 0
   * @param answer writes a GET command's JSON back with the output convention
   */
  public int control(int fd, int cmd, byte[] payload, ToIntFunction<byte[]> answer) {
    RtasrSession session = session(fd);
    return switch (cmd) {
      case SET_PARAM -> {
        JsonNode json = parse(payload);
        String key = json == null ? "" : json.path("key").asText("");
        if (key.isEmpty()) {
          yield -Errno.EINVAL;
        }
        yield session.setParam(key, json.path("value"));
      }
      case CONNECT -> connect(session);
      case GET_STATUS -> answer.applyAsInt(session.status());
      case SEND_EVENT -> {
        JsonNode json = parse(payload);
        yield json == null ? -Errno.EINVAL : session.queueEvent(json.toString(), false, false);
      }
      case FLUSH -> session.queueEvent(RtasrSession.COMMIT, true, false);
      case CLEAR -> session.queueEvent(RtasrSession.CLEAR, false, true);
      case SET_AUTOFLUSH -> {
        JsonNode json = parse(payload);
        if (json == null) {
          yield -Errno.EINVAL;
        }
        try {
          session.segmentation(Segmentation.parse(json));
        } catch (IllegalArgumentException e) {
          yield -Errno.EINVAL;
        }
        yield 0;
      }
      case GET_AUTOFLUSH ->
          answer.applyAsInt(
              session.segmentation().toJson().toString().getBytes(StandardCharsets.UTF_8));
      default -> -Errno.EINVAL;
    };
  }

  private int connect(RtasrSession session) {
    int begin = session.beginConnect();
    if (begin != 0) {
      return Math.min(begin, 0);
    }
    if (session.param(WS_URL).isPresent()) {
      // The URL would receive the backend's configured key: a guest never chooses where it goes.
      LOG.warn("a guest's speech session named its own ws_url; refused");
      session.connectFailed(WS_URL_REFUSED);
      session.failed(WS_URL_REFUSED); // unusable from now on: ERR, as any failed session
      return -Errno.EPERM;
    }
    if (!media.metrics().openAsr(media.limits().maxAsrSessions())) {
      session.connectFailed(
          "this node's cap of "
              + media.limits().maxAsrSessions()
              + " speech recognition sessions is reached; try again later");
      return -Errno.EAGAIN;
    }
    String transport = session.param("transport").orElse("stub");
    AsrLink link;
    if (transport.equals("websocket")) {
      AsrRequest request =
          new AsrRequest(
              session.param("backend"),
              session.param("model"),
              session.param("client_secret"),
              session.segmentation().turnDetection());
      try {
        link = media.asr().connect(request, session);
      } catch (AsrUnavailableException e) {
        media.metrics().closeAsr();
        session.connectFailed(e.getMessage());
        return -Errno.EIO;
      } catch (RuntimeException e) {
        media.metrics().closeAsr();
        session.connectFailed("websocket connect failed: " + e.getMessage());
        return -Errno.EIO;
      }
    } else {
      link =
          new StubAsr(
              media.scheduler(),
              session,
              session.longParam("stub_event_interval_ms", 100),
              session.longParam("stub_event_payload_bytes", 256),
              session.longParam("stub_emit_completed_every", 20));
    }
    session.connected(link, true);
    return 0;
  }

  /** {@code rtasr_write}: the bytes accepted, EAGAIN when the send queue is full. */
  public int write(int fd, byte[] pcm) {
    return session(fd).write(pcm);
  }

  /** {@code rtasr_read}: one server event passed to {@code writer}, or EAGAIN. */
  public int read(int fd, ToIntFunction<byte[]> writer) {
    RtasrSession session = session(fd);
    byte[] event = session.peek();
    if (event == null) {
      return -Errno.EAGAIN;
    }
    int rc = writer.applyAsInt(event);
    if (rc >= 0) {
      session.consume(event);
    }
    return rc;
  }

  /** {@code rtasr_close}: 0, also when closed already; EBADF for another kind. */
  public int close(int fd) {
    Optional<FdEntry<?>> entry = fds.get(fd);
    if (entry.isEmpty() || entry.get().kind() != RTASR) {
      return -Errno.EBADF;
    }
    if (entry.get().state() instanceof RtasrSession session) {
      session.close(true);
      sessions.remove(session);
    }
    return fds.close(fd);
  }

  /** Ends every session still open: the execution is over. */
  @Override
  public void close() {
    for (RtasrSession session : sessions) {
      session.close(false);
    }
    sessions.clear();
  }

  private RtasrSession session(int fd) {
    return fds.open(fd, RTASR, RtasrSession.class)
        .map(FdEntry::state)
        .orElseThrow(() -> new HostCallError(Errno.EBADF));
  }

  private static JsonNode parse(byte[] payload) {
    if (payload == null) {
      return null;
    }
    try {
      JsonNode json = JSON.readTree(payload);
      return json == null || json.isMissingNode() ? null : json;
    } catch (IOException e) {
      return null;
    }
  }
}
