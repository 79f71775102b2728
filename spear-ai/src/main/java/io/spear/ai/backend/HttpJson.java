package io.spear.ai.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.json.SortedJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** POSTs JSON and reads a capped JSON answer, mapping failures to SPEAR's messages. */
final class HttpJson {

  /** The largest response body read from a backend. */
  static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private final HttpClient client;

  HttpJson(HttpClient client) {
    this.client = client;
  }

  JsonNode post(URI uri, JsonNode body, Optional<String> bearer, Duration timeout)
      throws BackendException, InterruptedException {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new BackendException("network_error: deadline exceeded before the request");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(SortedJson.string(body)));
    bearer.ifPresent(key -> request.header("authorization", "Bearer " + key));
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new BackendException("network_error: timed out after " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new BackendException("network_error: " + e.getMessage(), e);
    }
    byte[] bytes = response.body();
    if (bytes.length > MAX_RESPONSE_BYTES) {
      throw new BackendException("invalid_response: response larger than " + MAX_RESPONSE_BYTES);
    }
    JsonNode parsed;
    try {
      parsed = SortedJson.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      parsed = null;
    } catch (IOException e) {
      parsed = null;
    }
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      String detail = parsed == null ? "" : errorDetail(parsed);
      throw new BackendException(
          "upstream status: " + status + (detail.isEmpty() ? "" : ": " + detail));
    }
    if (parsed == null || parsed.isMissingNode()) {
      throw new BackendException("invalid_response: the body is not JSON");
    }
    return parsed;
  }

  /** OpenAI's {@code error.type: error.code: error.message}, as SPEAR reports it. */
  private static String errorDetail(JsonNode body) {
    JsonNode error = body.get("error");
    if (error == null) {
      return "";
    }
    if (error.isTextual()) {
      return error.asText();
    }
    StringBuilder out = new StringBuilder();
    for (String field : new String[] {"type", "code", "message"}) {
      JsonNode v = error.get(field);
      if (v != null && !v.isNull() && !v.asText().isEmpty()) {
        if (!out.isEmpty()) {
          out.append(": ");
        }
        out.append(v.asText());
      }
    }
    return out.toString();
  }
}
