package io.spear.ai.mcp;

import java.net.URI;
import java.util.Map;

/**
 * Where one streamable HTTP MCP server is reached, as this node checked it.
 *
 * @param base the scheme and authority of the server's URL
 * @param path the rest of it (path and query), the SDK's endpoint
 * @param headers the headers sent with every request, secrets already substituted: never print
 */
record McpHttpEndpoint(String base, String path, Map<String, String> headers) {

  McpHttpEndpoint {
    headers = Map.copyOf(headers);
  }

  static McpHttpEndpoint of(URI uri, Map<String, String> headers) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    return new McpHttpEndpoint(uri.getScheme() + "://" + uri.getRawAuthority(), path, headers);
  }

  // Records print their components; header values may be secrets.
  @Override
  public String toString() {
    return "McpHttpEndpoint[" + base + path + ", headers=" + headers.keySet() + "]";
  }
}
