package io.spear.sms.invoke;

import java.util.List;
import java.util.Optional;

/**
 * A node's answer.
 *
 * @param statusCode the HTTP status
 * @param headers the headers, in order, a name possibly repeated
 * @param body the body: bytes read whole, or a stream that frees the connection when closed
 * @param <T> the body's type
 */
public record NodeResponse<T>(int statusCode, List<NodeRequest.Header> headers, T body) {

  /** Copies the headers. */
  public NodeResponse {
    headers = List.copyOf(headers);
  }

  /** The first value of header {@code name} (any case). */
  public Optional<String> header(String name) {
    for (NodeRequest.Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }
}
