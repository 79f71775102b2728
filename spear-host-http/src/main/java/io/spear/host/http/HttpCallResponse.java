package io.spear.host.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code http_call} answers for any HTTP status: {@code {"status", "headers", "body_base64"}}.
 *
 * @param status the HTTP status
 * @param headers the response headers, names in lower case, repeated ones joined with {@code ", "}
 * @param body the body as received (not decompressed)
 */
public record HttpCallResponse(int status, Map<String, String> headers, byte[] body) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Copies the headers, keeping their order. */
  public HttpCallResponse {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** The JSON the guest receives. */
  public byte[] encode() {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("status", status);
    ObjectNode h = out.putObject("headers");
    headers.forEach(h::put);
    out.put("body_base64", Base64.getEncoder().encodeToString(body));
    try {
      return MAPPER.writeValueAsBytes(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode an http_call response", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HttpCallResponse r
        && status == r.status
        && headers.equals(r.headers)
        && java.util.Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return 31 * status + headers.hashCode();
  }

  @Override
  public String toString() {
    return "HttpCallResponse[" + status + ", " + body.length + " bytes]";
  }
}
