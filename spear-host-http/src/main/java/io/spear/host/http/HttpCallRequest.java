package io.spear.host.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A guest's {@code http_call} request: {@code {"method", "url", "headers", "body_base64" | "body",
 * "timeout_ms", "follow_redirects"}}.
 *
 * @param method the method, upper case ({@code GET} when the request names none)
 * @param url the URL as the guest wrote it
 * @param headers the headers in the guest's order; values may hold {@code ${secret:NAME}}
 * @param body the body (empty for none)
 * @param timeout the request's own time limit, if it names one
 * @param followRedirects whether redirects are followed (each hop checked again)
 */
public record HttpCallRequest(
    String method,
    String url,
    List<Header> headers,
    byte[] body,
    Optional<Duration> timeout,
    boolean followRedirects) {

  /** One request header. */
  public record Header(String name, String value) {
    // A value may hold a secret once substituted: never print it.
    @Override
    public String toString() {
      return name;
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> KEYS =
      Set.of("method", "url", "headers", "body_base64", "body", "timeout_ms", "follow_redirects");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
  private static final Pattern METHOD = Pattern.compile("[A-Za-z]{1,32}");

  // The client owns these: framing, the connection and the destination (the Host header names the
  // checked host, never one the guest chose).
  private static final Set<String> RESERVED =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "upgrade",
          "te",
          "trailer",
          "expect",
          "proxy-connection",
          "proxy-authorization",
          "http2-settings");

  /** Copies the headers. */
  public HttpCallRequest {
    headers = List.copyOf(headers);
  }

  /**
   * Reads a request.
   *
   * @throws HttpCallFailure EINVAL for anything but the documented form, EFBIG for a body over
   *     {@code limits}
   */
  public static HttpCallRequest parse(byte[] json, HttpCallLimits limits) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw malformed("the request is not JSON");
    }
    if (!(root instanceof ObjectNode object)) {
      throw malformed("the request is not a JSON object");
    }
    object
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!KEYS.contains(key)) {
                throw malformed("unknown request field " + quoted(key));
              }
            });
    return new HttpCallRequest(
        method(object.get("method")),
        url(object.get("url")),
        headers(object.get("headers")),
        body(object, limits),
        timeout(object.get("timeout_ms"), limits),
        bool(object.get("follow_redirects")));
  }

  private static String method(JsonNode node) {
    if (node == null || node.isNull()) {
      return "GET";
    }
    if (!node.isTextual() || !METHOD.matcher(node.asText()).matches()) {
      throw malformed("method must be a word such as GET or POST");
    }
    String method = node.asText().toUpperCase(Locale.ROOT);
    if (method.equals("CONNECT") || method.equals("TRACE")) {
      throw malformed("method " + method + " is not allowed");
    }
    return method;
  }

  private static String url(JsonNode node) {
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw malformed("url is required and must be a string");
    }
    if (node.asText().length() > 8192) {
      throw malformed("url is longer than 8192 characters");
    }
    return node.asText();
  }

  private static List<Header> headers(JsonNode node) {
    List<Header> headers = new ArrayList<>();
    if (node == null || node.isNull()) {
      return headers;
    }
    if (!node.isObject() || node.size() > 100) {
      throw malformed("headers must be an object of at most 100 names");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      if (!TOKEN.matcher(name).matches()) {
        throw malformed("header name " + quoted(name) + " is not an HTTP token");
      }
      if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw malformed("header " + name + " is set by the host, not the guest");
      }
      if (!e.getValue().isTextual()) {
        throw malformed("header " + name + " must have a string value");
      }
      String value = e.getValue().asText();
      if (value.length() > 16384 || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        throw malformed("header " + name + " has a value with a line break or over 16 KiB");
      }
      headers.add(new Header(name, value));
    }
    return headers;
  }

  private static byte[] body(ObjectNode object, HttpCallLimits limits) {
    JsonNode base64 = object.get("body_base64");
    JsonNode text = object.get("body");
    boolean hasBase64 = base64 != null && !base64.isNull();
    boolean hasText = text != null && !text.isNull();
    if (hasBase64 && hasText) {
      throw malformed("a request has body_base64 or body, not both");
    }
    byte[] body;
    if (hasBase64) {
      if (!base64.isTextual()) {
        throw malformed("body_base64 must be a string");
      }
      try {
        body = Base64.getDecoder().decode(base64.asText());
      } catch (IllegalArgumentException e) {
        throw malformed("body_base64 is not base64");
      }
    } else if (hasText) {
      if (!text.isTextual()) {
        throw malformed("body must be a string");
      }
      body = text.asText().getBytes(StandardCharsets.UTF_8);
    } else {
      body = new byte[0];
    }
    if (body.length > limits.maxRequestBodyBytes()) {
      throw new HttpCallFailure(
          HttpCallErrno.EFBIG,
          "the request body of "
              + body.length
              + " bytes is over the node's limit of "
              + limits.maxRequestBodyBytes());
    }
    return body;
  }

  private static Optional<Duration> timeout(JsonNode node, HttpCallLimits limits) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    long max = limits.maxTimeout().toMillis();
    if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > max) {
      throw malformed("timeout_ms must be a whole number from 1 to " + max);
    }
    return Optional.of(Duration.ofMillis(node.asLong()));
  }

  private static boolean bool(JsonNode node) {
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw malformed("follow_redirects must be true or false");
    }
    return node.asBoolean();
  }

  private static String quoted(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    try {
      return MAPPER.writeValueAsString(shown);
    } catch (JsonProcessingException e) {
      return "'" + shown + "'";
    }
  }

  private static HttpCallFailure malformed(String reason) {
    return new HttpCallFailure(HttpCallErrno.EINVAL, reason);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HttpCallRequest r
        && method.equals(r.method)
        && url.equals(r.url)
        && headers.equals(r.headers)
        && java.util.Arrays.equals(body, r.body)
        && timeout.equals(r.timeout)
        && followRedirects == r.followRedirects;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(method, url, headers, java.util.Arrays.hashCode(body), timeout);
  }

  // The body and header values stay out of any log line.
  @Override
  public String toString() {
    return "HttpCallRequest[" + method + " " + url + " headers=" + headers + "]";
  }
}
