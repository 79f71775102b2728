package io.spear.ai.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.ai.chat.ChatRequest;
import io.spear.ai.json.SortedJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * An OpenAI-compatible server: {@code POST {base_url}/chat/completions} (with {@code /v1} added
 * when the base URL has none, as SPEAR does), a Bearer key when a credential is configured, and the
 * guest's extra params as top-level body fields.
 */
public final class OpenAiChatBackend implements ChatBackend {

  private final URI endpoint;
  private final Optional<String> apiKey;
  private final HttpJson http;

  /** A backend at {@code baseUrl}, sending {@code apiKey} when present. */
  public OpenAiChatBackend(String baseUrl, Optional<String> apiKey, HttpClient client) {
    String base = baseUrl.replaceAll("/+$", "");
    this.endpoint =
        URI.create(
            base.contains("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions");
    this.apiKey = apiKey.map(String::trim).filter(k -> !k.isEmpty());
    this.http = new HttpJson(client);
  }

  @Override
  public JsonNode complete(ChatRequest request, String model, Duration timeout)
      throws BackendException, InterruptedException {
    if (model.isBlank()) {
      throw new BackendException("invalid_request: missing model");
    }
    if (request.messages().isEmpty()) {
      throw new BackendException("invalid_request: missing messages");
    }
    ObjectNode body = SortedJson.NODES.objectNode();
    body.put("model", model);
    body.set("messages", request.messages());
    if (!request.tools().isEmpty()) {
      body.set("tools", request.tools());
    }
    request.extraParams().properties().forEach(e -> body.set(e.getKey(), e.getValue()));
    return http.post(endpoint, body, apiKey, timeout);
  }

  /** The URL requests go to. */
  public URI endpoint() {
    return endpoint;
  }
}
