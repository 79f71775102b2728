package io.spear.sms.node;

import io.spear.model.api.NodeMetadata;
import java.net.URI;

/**
 * Where SMS reaches a node: {@code https} when the node registered {@code http_scheme: https} in
 * its metadata (it serves TLS), plain {@code http} otherwise.
 */
public final class NodeUrls {

  /** The metadata key a node registers its scheme under. */
  private NodeUrls() {}

  /** {@code path} on {@code node}. */
  public static URI of(Node node, String path) {
    String scheme =
        "https".equals(node.metadata().get(NodeMetadata.HTTP_SCHEME)) ? "https" : "http";
    return URI.create(
        scheme + "://" + NodeAddress.forUrl(node.ipAddress()) + ":" + node.httpPort() + path);
  }
}
