package io.spear.ai.mcp;

import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The SDK's streamable HTTP client transport for a checked endpoint, on a {@link PinnedHttpClient}
 * that connects to the checked address only.
 */
final class McpHttpTransports {

  // The SDK's own default; a larger answer fails the call rather than filling the node's memory.
  private static final int MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

  private McpHttpTransports() {}

  static HttpClientStreamableHttpTransport of(
      McpHttpEndpoint endpoint,
      McpJsonMapper mapper,
      Duration timeout,
      PinnedConnections connections,
      SSLContext tls) {
    return HttpClientStreamableHttpTransport.builder(endpoint.base())
        .endpoint(endpoint.path())
        .jsonMapper(mapper)
        // Redirects are answered as errors, never followed: a redirect would leave the checked URL.
        .clientBuilder(PinnedHttpClient.builder(connections, endpoint.target(), tls))
        .connectTimeout(timeout)
        .maxResponseSize(MAX_RESPONSE_BYTES)
        .addHttpRequestCustomizer(
            (request, method, uri, body, context) -> endpoint.headers().forEach(request::setHeader))
        .build();
  }
}
