package io.spear.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.spear.ai.json.SortedJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat server for tests, on a free port of 127.0.0.1: it records every request
 * and answers with scripted responses, in order (the last one repeats).
 */
final class ScriptedLlmServer implements AutoCloseable {

  /** One recorded request. */
  record Recorded(String method, String path, Map<String, List<String>> headers, JsonNode body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  /** One scripted answer; a non-null {@code hold} is awaited before answering. */
  record Answer(int status, String body, CountDownLatch hold) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Recorded> requests = new ArrayList<>();
  private final LinkedBlockingDeque<Function<Recorded, Answer>> script =
      new LinkedBlockingDeque<>();
  private Function<Recorded, Answer> last = r -> new Answer(500, "{}", null);

  ScriptedLlmServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Recorded recorded =
              new Recorded(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  SortedJson.parse(body).orElse(SortedJson.NODES.textNode(new String(body))));
          Function<Recorded, Answer> next;
          synchronized (this) {
            requests.add(recorded);
            Function<Recorded, Answer> polled = script.poll();
            if (polled != null) {
              last = polled;
            }
            next = last;
          }
          Answer answer = next.apply(recorded);
          if (answer.hold() != null) {
            try {
              answer.hold().await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("content-type", "application/json");
          try {
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
              os.write(out);
            }
          } catch (IOException e) {
            // the client went away (a stopped execution): nothing to answer
          }
          exchange.close();
        });
    server.start();
  }

  /** Answers the next request with this status and body. */
  ScriptedLlmServer then(int status, String body) {
    script.add(r -> new Answer(status, body, null));
    return this;
  }

  /** Answers the next request with a chat completion whose text is {@code content}. */
  ScriptedLlmServer thenText(String content) {
    return then(200, completion(content));
  }

  /** Answers the next request only once {@code hold} opens. */
  ScriptedLlmServer thenHeld(CountDownLatch hold, String body) {
    script.add(r -> new Answer(200, body, hold));
    return this;
  }

  /** {@code http://127.0.0.1:<port>/v1}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  synchronized List<Recorded> requests() {
    return List.copyOf(requests);
  }

  static String completion(String content) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + SortedJson.string(SortedJson.NODES.textNode(content))
        + "},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}";
  }

  static String toolCall(String id, String name, String arguments) {
    return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"tool_calls\":[{\"id\":\""
        + id
        + "\",\"type\":\"function\",\"function\":{\"name\":\""
        + name
        + "\",\"arguments\":"
        + SortedJson.string(SortedJson.NODES.textNode(arguments))
        + "}}]},\"finish_reason\":\"tool_calls\"}]}";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
