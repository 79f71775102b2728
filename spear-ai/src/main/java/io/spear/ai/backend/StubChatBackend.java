package io.spear.ai.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.ai.chat.ChatRequest;
import io.spear.ai.json.SortedJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process backend for tests and demos, answering as SPEAR's stub does: it echoes {@code stub
 * chat completion: <last user message>}; when tools are offered and the last user message holds two
 * integers it first calls the first tool with {@code {"a":x,"b":y}}, and after a tool result it
 * answers {@code stub chat completion after tool}.
 */
public final class StubChatBackend implements ChatBackend {

  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  @Override
  public JsonNode complete(ChatRequest request, String model, Duration timeout) {
    boolean afterTool = false;
    String lastUser = "";
    for (JsonNode m : request.messages()) {
      String role = m.path("role").asText();
      if (role.equalsIgnoreCase("tool")) {
        afterTool = true;
      }
      if (role.equalsIgnoreCase("user")) {
        lastUser = m.path("content").asText("");
      }
    }
    ObjectNode out = SortedJson.NODES.objectNode();
    out.put("id", "chatcmpl-stub");
    out.put("object", "chat.completion");
    out.put("model", model);
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    List<Long> numbers = integers(lastUser);
    if (!request.tools().isEmpty() && !afterTool && numbers.size() >= 2) {
      String tool = request.tools().get(0).path("function").path("name").asText("tool_call");
      message.putNull("content");
      message
          .putArray("tool_calls")
          .addObject()
          .put("id", "call_stub_1")
          .put("type", "function")
          .putObject("function")
          .put("name", tool)
          .put("arguments", "{\"a\":" + numbers.get(0) + ",\"b\":" + numbers.get(1) + "}");
      choice.put("finish_reason", "tool_calls");
      return out;
    }
    String content =
        afterTool
            ? "stub chat completion after tool"
            : lastUser.isEmpty() ? "stub chat completion" : "stub chat completion: " + lastUser;
    message.put("content", content);
    choice.put("finish_reason", "stop");
    return out;
  }

  private static List<Long> integers(String text) {
    List<Long> out = new ArrayList<>();
    Matcher m = INTEGER.matcher(text);
    while (m.find() && out.size() < 2) {
      try {
        out.add(Long.parseLong(m.group()));
      } catch (NumberFormatException e) {
        // too large: not a number SPEAR's stub would use either
      }
    }
    return out;
  }
}
