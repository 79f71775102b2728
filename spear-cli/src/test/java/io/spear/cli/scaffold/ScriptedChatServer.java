package io.spear.cli.scaffold;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible chat completion server with a script: it asks for the {@code add} tool
 * first, then answers with what the tool returned.
 */
final class ScriptedChatServer implements AutoCloseable {

  private final HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();

  ScriptedChatServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(body);
          byte[] answer = answer(body).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  /** The base URL a backend is configured with. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private static String answer(String request) {
    if (!request.contains("\"role\":\"tool\"")) {
      return """
          {"id":"c1","object":"chat.completion","model":"scripted","choices":[{"index":0,
           "finish_reason":"tool_calls","message":{"role":"assistant","content":null,
           "tool_calls":[{"id":"call_1","type":"function",
             "function":{"name":"add","arguments":"{\\"a\\":2,\\"b\\":3}"}}]}}]}
          """;
    }
    String result = request.contains("{\\\"sum\\\":5}") ? "5" : "unknown";
    return """
        {"id":"c2","object":"chat.completion","model":"scripted","choices":[{"index":0,
         "finish_reason":"stop","message":{"role":"assistant","content":"2 + 3 = %s"}}]}
        """
        .formatted(result);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
