package io.spear.ai.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.ai.chat.ChatRequest;
import io.spear.ai.json.SortedJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * An Ollama server: {@code POST {base_url}/api/chat} without streaming, extra params as {@code
 * options}, and the answer turned into an OpenAI chat completion object (tool calls included, their
 * arguments as JSON text as OpenAI sends them).
 */
public final class OllamaChatBackend implements ChatBackend {

  private final URI endpoint;
  private final HttpJson http;

  /** A backend at {@code baseUrl}. */
  public OllamaChatBackend(String baseUrl, HttpClient client) {
    String base = baseUrl.replaceAll("/+$", "").replaceAll("/v1$", "");
    this.endpoint = URI.create(base + "/api/chat");
    this.http = new HttpJson(client);
  }

  @Override
  public JsonNode complete(ChatRequest request, String model, Duration timeout)
      throws BackendException, InterruptedException {
    if (model.isBlank()) {
      throw new BackendException("invalid_request: missing model");
    }
    ObjectNode body = SortedJson.NODES.objectNode();
    body.put("model", model);
    body.set("messages", request.messages());
    body.put("stream", false);
    if (!request.tools().isEmpty()) {
      body.set("tools", request.tools());
    }
    if (!request.extraParams().isEmpty()) {
      body.set("options", request.extraParams());
    }
    JsonNode answer = http.post(endpoint, body, Optional.empty(), timeout);
    return openAiShape(answer, model);
  }

  private static JsonNode openAiShape(JsonNode answer, String model) {
    JsonNode message = answer.path("message");
    ObjectNode out = SortedJson.NODES.objectNode();
    out.put("id", "chatcmpl-" + UUID.randomUUID());
    out.put("object", "chat.completion");
    out.put("model", answer.path("model").asText(model));
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode m = choice.putObject("message");
    m.put("role", "assistant");
    JsonNode calls = message.get("tool_calls");
    if (calls != null && calls.isArray() && !calls.isEmpty()) {
      m.putNull("content");
      ArrayNode converted = m.putArray("tool_calls");
      int i = 0;
      for (JsonNode call : calls) {
        ObjectNode c = converted.addObject();
        c.put("id", "call_" + (++i));
        c.put("type", "function");
        JsonNode args = call.path("function").path("arguments");
        c.putObject("function")
            .put("name", call.path("function").path("name").asText())
            .put("arguments", args.isTextual() ? args.asText() : SortedJson.string(args));
      }
      choice.put("finish_reason", "tool_calls");
    } else {
      m.put("content", message.path("content").asText(""));
      choice.put("finish_reason", "stop");
    }
    if (answer.has("prompt_eval_count") || answer.has("eval_count")) {
      int prompt = answer.path("prompt_eval_count").asInt();
      int completion = answer.path("eval_count").asInt();
      out.putObject("usage")
          .put("prompt_tokens", prompt)
          .put("completion_tokens", completion)
          .put("total_tokens", prompt + completion);
    }
    return out;
  }
}
