package io.spear.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI Realtime server for tests at {@code ws://127.0.0.1:P/v1/realtime}: it records every
 * client event and the handshake's headers, and answers a client event of a given type with
 * scripted server events, optionally closing the session after them.
 */
final class ScriptedRealtimeServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Server events sent when a client event of {@code type} arrives (only the first time). */
  record Reply(String type, List<String> events, boolean thenClose) {}

  private final Javalin server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final List<WsContext> sessions = new CopyOnWriteArrayList<>();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final List<Map<String, String>> handshakes = new CopyOnWriteArrayList<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();

  ScriptedRealtimeServer() {
    server =
        Javalin.create()
            .ws(
                "/v1/realtime",
                ws -> {
                  ws.onConnect(
                      ctx -> {
                        // Audio messages are large; the default idle timeout is long enough.
                        ctx.session.setMaxTextMessageSize(16 * 1024 * 1024);
                        handshakes.add(ctx.headerMap());
                        queries.add(ctx.queryString() == null ? "" : ctx.queryString());
                        sessions.add(ctx);
                      });
                  ws.onMessage(
                      ctx -> {
                        JsonNode event = JSON.readTree(ctx.message());
                        received.add(event);
                        Reply reply = replies.remove(event.path("type").asText());
                        if (reply != null) {
                          reply.events().forEach(ctx::send);
                          if (reply.thenClose()) {
                            ctx.closeSession(1000, "done");
                          }
                        }
                      });
                  ws.onClose(ctx -> sessions.remove(ctx));
                })
            .start("127.0.0.1", 0);
  }

  /** Answers the first client event of {@code type} with {@code events}. */
  ScriptedRealtimeServer on(String type, boolean thenClose, String... events) {
    replies.put(type, new Reply(type, List.of(events), thenClose));
    return this;
  }

  /** The base URL a backend config names. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.port() + "/v1";
  }

  /** Client events received so far, in order. */
  List<JsonNode> received() {
    return received;
  }

  /** Client events of one type. */
  List<JsonNode> received(String type) {
    return received.stream().filter(e -> e.path("type").asText().equals(type)).toList();
  }

  /** The handshake headers of each session. */
  List<Map<String, String>> handshakes() {
    return handshakes;
  }

  /** The query string of each session's URL. */
  List<String> queries() {
    return queries;
  }

  /** Sessions open now. */
  int openSessions() {
    return sessions.size();
  }

  /** Closes every open session normally. */
  void closeSessions() {
    for (WsContext ctx : sessions) {
      ctx.closeSession(1000, "bye");
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
