// A user-stream client in one file, with the JDK only: sends SSF v1 frames over a WebSocket and
// prints what comes back. Run: java docs/streams/StreamEcho.java [--token T] <ws-url> [text...]
// (a ws-url from POST /api/v1/executions/{id}/streams/session, or ws://host:8080/e/<endpoint>/ws).
// With tokens on, the token (--token, else env SPEAR_TOKEN) goes as Authorization: Bearer.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public class StreamEcho {

  /** An SSF v1 frame: 32-byte little-endian header, then meta and data. */
  static byte[] frame(int streamId, long seq, String meta, String data) {
    byte[] m = meta.getBytes(StandardCharsets.UTF_8);
    byte[] d = data.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(32 + m.length + d.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put("SPST".getBytes(StandardCharsets.US_ASCII))
        .putShort((short) 1) // version
        .putShort((short) 32) // header length
        .putShort((short) 2) // message type: data
        .putShort((short) 0) // flags
        .putInt(streamId)
        .putLong(seq)
        .putInt(m.length)
        .putInt(d.length)
        .put(m)
        .put(d)
        .array();
  }

  public static void main(String[] args) throws Exception {
    String token = System.getenv("SPEAR_TOKEN");
    if (args.length >= 2 && args[0].equals("--token")) {
      token = args[1];
      args = java.util.Arrays.copyOfRange(args, 2, args.length);
    }
    if (args.length == 0) {
      System.err.println("usage: java StreamEcho.java [--token T] <ws-url> [text...]");
      System.exit(2);
    }
    LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (token != null && !token.isBlank()) {
      builder.header("Authorization", "Bearer " + token);
    }
    WebSocket ws;
    try {
      ws = connect(builder, URI.create(args[0]), received);
    } catch (java.util.concurrent.CompletionException e) {
      String why = e.getCause() instanceof java.net.http.WebSocketHandshakeException h
          ? "the server refused the handshake (HTTP " + h.getResponse().statusCode() + ")"
              + (h.getResponse().statusCode() == 401 ? ": give a token with --token or SPEAR_TOKEN" : "")
          : "cannot connect to " + args[0]
              + (e.getCause().getMessage() == null ? "" : ": " + e.getCause().getMessage());
      System.err.println("StreamEcho: " + why);
      System.exit(1);
      return;
    }
    send(ws, received, args);
  }

  static WebSocket connect(
      WebSocket.Builder builder, URI uri, LinkedBlockingQueue<byte[]> received) {
    return builder
        .subprotocols("ssf.v1")
        .buildAsync(
            uri,
            new WebSocket.Listener() {
              private final java.io.ByteArrayOutputStream partial =
                  new java.io.ByteArrayOutputStream();

              @Override
              public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                partial.writeBytes(chunk);
                if (last) {
                  received.add(partial.toByteArray());
                  partial.reset();
                }
                w.request(1);
                return null;
              }
            })
        .join();
  }

  static void send(WebSocket ws, LinkedBlockingQueue<byte[]> received, String[] args)
      throws InterruptedException {
    String[] texts = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
        : new String[] {"hello, streams"};
    long seq = 1;
    for (String text : texts) {
      ws.sendBinary(ByteBuffer.wrap(frame(1, seq++, "{}", text)), true).join();
      byte[] echo = received.poll(10, TimeUnit.SECONDS);
      if (echo == null) {
        System.err.println("no answer within 10 s");
        System.exit(1);
      }
      ByteBuffer h = ByteBuffer.wrap(echo).order(ByteOrder.LITTLE_ENDIAN);
      int metaLen = h.getInt(24);
      int dataLen = h.getInt(28);
      String data = new String(echo, 32 + metaLen, dataLen, StandardCharsets.UTF_8);
      System.out.println("stream " + h.getInt(12) + " seq " + h.getLong(16) + ": " + data);
    }
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
  }
}
