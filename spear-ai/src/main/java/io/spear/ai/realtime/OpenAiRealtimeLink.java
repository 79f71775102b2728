package io.spear.ai.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.ai.config.BackendSpec;
import io.spear.streams.media.AsrEvents;
import io.spear.streams.media.AsrLink;
import io.spear.streams.media.AsrRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session with an OpenAI Realtime server: the first client event is a {@code session.update}
 * asking for PCM16 input transcription (with server VAD when the guest chose it); audio goes as
 * {@code input_audio_buffer.append} with base64 PCM16; every server message is handed on verbatim.
 */
final class OpenAiRealtimeLink implements AsrLink, WebSocket.Listener {

  /** The backend kind. */
  static final String KIND = "openai_realtime_ws";

  /** The transcription model asked for when the guest names none. */
  static final String DEFAULT_MODEL = "gpt-4o-mini-transcribe";

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiRealtimeLink.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

  private final AsrEvents events;
  private final String backend;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  // Sends are chained: the JDK WebSocket allows one outstanding send at a time.
  private CompletableFuture<WebSocket> tail;
  private volatile boolean closed;

  private OpenAiRealtimeLink(AsrEvents events, String backend) {
    this.events = events;
    this.backend = backend;
  }

  static OpenAiRealtimeLink open(
      HttpClient http,
      BackendSpec spec,
      AsrRequest request,
      Optional<String> key,
      AsrEvents events) {
    OpenAiRealtimeLink link = new OpenAiRealtimeLink(events, spec.name());
    // Always the configured address: it is where the key may go.
    URI uri = URI.create(url(spec));
    WebSocket.Builder builder =
        http.newWebSocketBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .header("OpenAI-Beta", "realtime=v1");
    key.ifPresent(k -> builder.header("Authorization", "Bearer " + k));
    CompletableFuture<WebSocket> opened =
        builder.buildAsync(uri, link).thenCompose(ws -> ws.sendText(sessionUpdate(request), true));
    var _ =
        opened.whenComplete(
            (ws, error) -> {
              if (error != null) {
                Throwable cause = error.getCause() == null ? error : error.getCause();
                LOG.debug("realtime backend {} connect failed: {}", spec.name(), cause.toString());
                events.failed("websocket connect failed: " + cause.getMessage());
              }
            });
    synchronized (link) {
      link.tail = opened;
    }
    return link;
  }

  /** The backend's URL: ws(s), the path ending in /v1, then SPEAR's realtime endpoint. */
  static String url(BackendSpec spec) {
    String base = spec.baseUrl().trim();
    if (base.startsWith("https://")) {
      base = "wss://" + base.substring("https://".length());
    } else if (base.startsWith("http://")) {
      base = "ws://" + base.substring("http://".length());
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (!base.endsWith("/v1")) {
      base = base + "/v1";
    }
    return base + "/realtime?model=" + spec.model().orElse("gpt-realtime");
  }

  static String sessionUpdate(AsrRequest request) {
    ObjectNode update = JSON.createObjectNode();
    update.put("type", "session.update");
    ObjectNode session = update.putObject("session");
    session.put("input_audio_format", "pcm16");
    session
        .putObject("input_audio_transcription")
        .put("model", request.model().orElse(DEFAULT_MODEL));
    if (request.turnDetection().isPresent()) {
      AsrRequest.TurnDetection t = request.turnDetection().get();
      ObjectNode vad = session.putObject("turn_detection");
      vad.put("type", "server_vad");
      vad.put("threshold", t.threshold());
      vad.put("prefix_padding_ms", t.prefixPaddingMs());
      vad.put("silence_duration_ms", t.silenceMs());
    } else {
      session.putNull("turn_detection");
    }
    return update.toString();
  }

  @Override
  public CompletableFuture<Void> sendAudio(byte[] pcm16) {
    return sendEvent(
        "{\"type\":\"input_audio_buffer.append\",\"audio\":\""
            + Base64.getEncoder().encodeToString(pcm16)
            + "\"}");
  }

  @Override
  public synchronized CompletableFuture<Void> sendEvent(String json) {
    CompletableFuture<WebSocket> next = tail.thenCompose(ws -> ws.sendText(json, true));
    tail = next;
    return next.thenApply(ws -> null);
  }

  @Override
  public void close() {
    closed = true;
    CompletableFuture<WebSocket> last;
    synchronized (this) {
      last = tail;
    }
    last.thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "session closed"))
        .exceptionally(e -> null);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    deliver(data.toString().getBytes(StandardCharsets.UTF_8), last);
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    deliver(bytes, last);
    webSocket.request(1);
    return null;
  }

  private void deliver(byte[] bytes, boolean last) {
    byte[] message;
    synchronized (partial) {
      partial.writeBytes(bytes);
      if (!last) {
        return;
      }
      message = partial.toByteArray();
      partial.reset();
    }
    if (!closed) {
      events.event(message);
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    LOG.debug("realtime backend {} closed the session: {} {}", backend, statusCode, reason);
    if (!closed) {
      events.closed();
    }
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    if (!closed) {
      events.failed("websocket error: " + error.getMessage());
    }
  }
}
