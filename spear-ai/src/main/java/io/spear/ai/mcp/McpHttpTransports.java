package io.spear.ai.mcp;

import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.net.http.HttpClient;
import java.time.Duration;

/** The SDK's streamable HTTP client transport for a checked endpoint. */
final class McpHttpTransports {

  // The SDK's own default; a larger answer fails the call rather than filling the node's memory.
  private static final int MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

  private McpHttpTransports() {}

  static HttpClientStreamableHttpTransport of(
      McpHttpEndpoint endpoint, McpJsonMapper mapper, Duration timeout) {
    return HttpClientStreamableHttpTransport.builder(endpoint.base())
        .endpoint(endpoint.path())
        .jsonMapper(mapper)
        .connectTimeout(timeout)
        // A redirect would leave the checked URL: answered as an error, never followed.
        .customizeClient(client -> client.followRedirects(HttpClient.Redirect.NEVER))
        .maxResponseSize(MAX_RESPONSE_BYTES)
        .addHttpRequestCustomizer(
            (request, method, uri, body, context) -> endpoint.headers().forEach(request::setHeader))
        .build();
  }
}
