package io.spear.sms.invoke;

import io.spear.sms.node.Node;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A request SMS sends a node: its method, URL, headers in order, body and how long to wait for the
 * answer (past it, the node is taken to have missed the invocation's deadline).
 *
 * @param method the HTTP method
 * @param uri the node's URL
 * @param headers the headers, in order, a name possibly repeated
 * @param body the body, empty for none
 * @param timeout how long to wait for each part of the answer
 */
public record NodeRequest(
    String method, URI uri, List<Header> headers, byte[] body, Duration timeout) {

  /** One header line. */
  public record Header(String name, String value) {}

  /** Copies the headers. */
  public NodeRequest {
    headers = List.copyOf(headers);
  }

  /** A request with these headers (a mutable list the caller fills), for {@code node}. */
  public static NodeRequest to(
      Node node, String method, URI uri, List<Header> headers, byte[] body, Duration timeout) {
    List<Header> all = new ArrayList<>(headers);
    // The secret SMS was given for this node alone.
    node.forwarding().value().ifPresent(t -> all.add(new Header("Authorization", "Bearer " + t)));
    return new NodeRequest(method, uri, all, body, timeout);
  }
}
