package io.spear.sms.stream;

import io.spear.sms.node.Node;
import io.spear.sms.node.NodeUrls;
import java.net.URI;

/**
 * WebSocket addresses on a node: {@code wss} when the node serves TLS (it registered {@code
 * http_scheme: https}), {@code ws} otherwise, so the proxied data plane is as private as the node's
 * REST API.
 */
final class NodeSockets {

  private NodeSockets() {}

  /** {@code path} on {@code node} as a WebSocket URI. */
  static URI of(Node node, String path) {
    URI http = NodeUrls.of(node, path);
    return URI.create(
        (http.getScheme().equals("https") ? "wss" : "ws")
            + http.toString().substring(http.getScheme().length()));
  }
}
