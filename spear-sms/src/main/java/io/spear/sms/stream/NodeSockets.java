package io.spear.sms.stream;

import io.spear.sms.node.Node;
import io.spear.sms.node.NodeUrls;
import io.spear.support.net.BearerToken;
import java.net.URI;

/**
 * WebSocket addresses on a node, with the node's own forwarding secret to present there: {@code
 * wss} when the node serves TLS (it registered {@code http_scheme: https}), {@code ws} otherwise,
 * so the proxied data plane is as private as the node's REST API.
 */
final class NodeSockets {

  private NodeSockets() {}

  /** A socket on a node and the secret that node (and no other) accepts from SMS. */
  record NodeSocket(URI uri, BearerToken forwarding) {}

  /** {@code path} on {@code node} as a WebSocket URI. */
  static NodeSocket of(Node node, String path) {
    URI http = NodeUrls.of(node, path);
    return new NodeSocket(
        URI.create(
            (http.getScheme().equals("https") ? "wss" : "ws")
                + http.toString().substring(http.getScheme().length())),
        node.forwarding());
  }
}
