package io.spear.ai.mcp;

import io.spear.egress.EgressTarget;
import java.net.URI;
import java.util.Map;

/**
 * Where one streamable HTTP MCP server is reached, as this node checked it.
 *
 * @param base the scheme and authority of the server's URL
 * @param path the rest of it (path and query), the SDK's endpoint
 * @param headers the headers sent with every request, secrets already substituted: never print
 * @param target the destination the egress policy checked: its address is the one connected to
 */
record McpHttpEndpoint(String base, String path, Map<String, String> headers, EgressTarget target) {

  McpHttpEndpoint {
    headers = Map.copyOf(headers);
  }

  // The base names the host in the canonical form the policy checked (so does the Host header),
  // never the spelling the spec wrote; the default port is left out, as browsers do.
  static McpHttpEndpoint of(EgressTarget target, Map<String, String> headers) {
    URI uri = target.url();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    boolean defaultPort =
        (target.scheme().equals("http") && target.port() == 80)
            || (target.scheme().equals("https") && target.port() == 443);
    String base =
        target.scheme() + "://" + target.host() + (defaultPort ? "" : ":" + target.port());
    return new McpHttpEndpoint(base, path, headers, target);
  }

  // Records print their components; header values may be secrets.
  @Override
  public String toString() {
    return "McpHttpEndpoint["
        + base
        + path
        + " at "
        + target.address().getHostAddress()
        + ", headers="
        + headers.keySet()
        + "]";
  }
}
