package io.spear.cli.scaffold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat completion server scripted for a two-turn conversation with an agent:
 * the first user message gets a call of the agent's {@code add} tool with 2 and 3; the second gets
 * a call with the first turn's sum and 10, but only when the request carries the first turn (its
 * question and answer); a tool result is answered as {@code "a + b = sum"} with the sum the tool
 * returned.
 */
final class AgentChatServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUM = Pattern.compile("\"sum\"\\s*:\\s*(-?\\d+)");

  private final HttpServer server;

  /** The roles of each request's messages, in order. */
  final List<List<String>> roles = new CopyOnWriteArrayList<>();

  AgentChatServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          JsonNode request = JSON.readTree(exchange.getRequestBody());
          byte[] answer = JSON.writeValueAsBytes(answer(request.path("messages")));
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

  private ObjectNode answer(JsonNode messages) {
    List<String> these = new ArrayList<>();
    messages.forEach(m -> these.add(m.path("role").asText()));
    roles.add(these);
    JsonNode last = messages.path(messages.size() - 1);
    if (last.path("role").asText().equals("tool")) {
      return sumFromTool(messages, last);
    }
    long userTurns = these.stream().filter("user"::equals).count();
    if (userTurns == 1) {
      return toolCall(2, 3);
    }
    boolean sawFirstTurn =
        messages.toString().contains("What is 2 + 3?")
            && messages.toString().contains("\"content\":\"2 + 3 = 5\"");
    return sawFirstTurn ? toolCall(5, 10) : text("I do not remember an earlier sum");
  }

  /** Answers with the arguments of the last tool call and the sum the guest's tool returned. */
  private static ObjectNode sumFromTool(JsonNode messages, JsonNode toolMessage) {
    JsonNode call = JSON.missingNode();
    for (JsonNode m : messages) {
      if (m.has("tool_calls")) {
        call = m.path("tool_calls").path(0).path("function").path("arguments");
      }
    }
    try {
      JsonNode args = JSON.readTree(call.asText());
      Matcher sum = SUM.matcher(toolMessage.path("content").asText());
      return text(
          "%d + %d = %s"
              .formatted(
                  args.path("a").asLong(),
                  args.path("b").asLong(),
                  sum.find() ? sum.group(1) : "unknown"));
    } catch (IOException e) {
      return text("unreadable tool arguments");
    }
  }

  private static ObjectNode toolCall(long a, long b) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant");
    message.putNull("content");
    ArrayNode calls = message.putArray("tool_calls");
    ObjectNode call = calls.addObject().put("id", "call_" + a + "_" + b).put("type", "function");
    call.putObject("function")
        .put("name", "add")
        .put("arguments", "{\"a\":%d,\"b\":%d}".formatted(a, b));
    return completion(message, "tool_calls");
  }

  private static ObjectNode text(String content) {
    return completion(
        JSON.createObjectNode().put("role", "assistant").put("content", content), "stop");
  }

  private static ObjectNode completion(ObjectNode message, String finishReason) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("id", "c")
            .put("object", "chat.completion")
            .put("model", "scripted");
    body.putArray("choices")
        .addObject()
        .put("index", 0)
        .put("finish_reason", finishReason)
        .set("message", message);
    return body;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
