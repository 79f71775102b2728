package io.spear.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.ai.json.SortedJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** OpenAI chat message shaping for the tool loop and the responses guests read. */
final class ChatMessages {

  private ChatMessages() {}

  /** The tool calls of an assistant message, when all are well-formed and there is at least one. */
  static Optional<List<ObjectNode>> toolCalls(JsonNode message) {
    JsonNode calls = message.get("tool_calls");
    if (calls == null || !calls.isArray() || calls.isEmpty()) {
      return Optional.empty();
    }
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode call : calls) {
      JsonNode function = call.path("function");
      if (!call.path("id").isTextual()
          || !call.path("type").isTextual()
          || !function.path("name").isTextual()
          || !function.path("arguments").isTextual()) {
        return Optional.empty();
      }
      ObjectNode clean = SortedJson.NODES.objectNode();
      clean.put("id", call.get("id").asText());
      clean.put("type", call.get("type").asText());
      clean
          .putObject("function")
          .put("name", function.get("name").asText())
          .put("arguments", function.get("arguments").asText());
      out.add(clean);
    }
    return Optional.of(out);
  }

  static ObjectNode assistantMessage(JsonNode message, ArrayNode toolCalls) {
    ObjectNode m = SortedJson.NODES.objectNode();
    m.put("role", message.path("role").isTextual() ? message.get("role").asText() : "assistant");
    JsonNode content = message.get("content");
    m.set("content", content == null ? SortedJson.NODES.nullNode() : content);
    if (toolCalls != null) {
      m.set("tool_calls", toolCalls);
    }
    if (message.path("name").isTextual()) {
      m.put("name", message.get("name").asText());
    }
    return m;
  }

  static JsonNode withSpear(ChatReply.Completed completed, ChatSession.Snapshot snapshot) {
    String model = ChatParams.string(snapshot.params(), ChatParams.MODEL).orElse("").trim();
    JsonNode body = completed.body();
    if (model.isEmpty()) {
      model = body.path("model").isTextual() ? body.get("model").asText().trim() : "";
    }
    ObjectNode spear = SortedJson.NODES.objectNode();
    spear.put("backend", completed.backend());
    spear.put("model", model);
    if (body.isObject()) {
      ObjectNode out = ((ObjectNode) body).deepCopy();
      out.set("_spear", spear);
      return out;
    }
    ObjectNode wrapped = SortedJson.NODES.objectNode();
    wrapped.set("_spear", spear);
    wrapped.set("result", body);
    return wrapped;
  }

  static JsonNode usage(ChatSession.Snapshot snapshot) {
    // SPEAR's stand-in metrics: messages sent count as prompt tokens.
    int n = snapshot.messages().size();
    ObjectNode usage = SortedJson.NODES.objectNode();
    usage.put("prompt_tokens", n);
    usage.put("completion_tokens", 1);
    usage.put("total_tokens", n + 1);
    return usage;
  }
}
