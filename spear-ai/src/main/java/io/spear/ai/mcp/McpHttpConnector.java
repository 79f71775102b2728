package io.spear.ai.mcp;

import io.spear.ai.chat.McpToolCaller.McpException;
import io.spear.egress.EgressDecision;
import io.spear.egress.EgressPolicy;
import io.spear.model.mcp.McpServerSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a registered streamable HTTP spec into an endpoint this node may reach: its URL must pass
 * the node's egress policy (a server on loopback or a private network only when {@code
 * egress.allow} names that address), and its {@code ${secret:NAME}} header references are resolved
 * for the session about to open.
 */
final class McpHttpConnector {

  private static final Logger LOG = LoggerFactory.getLogger(McpHttpConnector.class);

  // Set by the SDK or the HTTP client itself: a spec may not replace them.
  private static final Set<String> RESERVED =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "accept",
          "content-type",
          "mcp-session-id",
          "mcp-protocol-version",
          "last-event-id");

  private final EgressPolicy egress;
  private final McpSecrets secrets;

  McpHttpConnector(EgressPolicy egress, McpSecrets secrets) {
    this.egress = egress;
    this.secrets = secrets;
  }

  /**
   * The endpoint of {@code spec}, its header values passed through {@code expand} for {@code
   * ${ENV:..}} references, or the reason this node refuses it.
   */
  McpHttpEndpoint connect(McpServerSpec spec, java.util.function.UnaryOperator<String> expand)
      throws McpException {
    String id = spec.serverId();
    McpServerSpec.Http http = spec.http();
    if (http == null || http.url() == null || http.url().isBlank()) {
      throw new McpException("mcp server " + id + " has no http.url");
    }
    String url = http.url().trim();
    EgressDecision decision = egress.check(url);
    if (decision instanceof EgressDecision.Refused refused) {
      LOG.warn(
          "MCP server {} refused: its URL {} is outside this node's egress policy: {}",
          id,
          url,
          refused.reason());
      throw new McpException(
          "mcp server " + id + " is refused: its URL is outside this node's egress policy");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : http.headers().entrySet()) {
      if (RESERVED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        throw new McpException(
            "mcp server " + id + ": http.headers may not set " + h.getKey() + ", the client does");
      }
      headers.put(h.getKey(), expand.apply(h.getValue()));
    }
    Map<String, String> filled = McpSecretFill.fill(spec, "http.headers", headers, secrets);
    return McpHttpEndpoint.of(((EgressDecision.Allowed) decision).target(), filled);
  }
}
