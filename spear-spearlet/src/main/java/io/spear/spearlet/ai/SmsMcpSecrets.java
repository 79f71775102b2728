package io.spear.spearlet.ai;

import io.spear.ai.chat.McpToolCaller.McpException;
import io.spear.ai.mcp.McpSecrets;
import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.mcp.McpServerSpec;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The secrets of MCP servers' settings (HTTP headers, stdio env), asked of SMS for this node each
 * time a session opens (SMS checks an HTTP server's URL against each secret's {@code
 * allowed_hosts}); never cached.
 */
public final class SmsMcpSecrets implements McpSecrets {

  private final SmsClient sms;
  private final Supplier<String> nodeUuid;

  /** Asks {@code sms} as the node {@code nodeUuid} currently names. */
  public SmsMcpSecrets(SmsClient sms, Supplier<String> nodeUuid) {
    this.sms = sms;
    this.nodeUuid = nodeUuid;
  }

  @Override
  public Map<String, String> resolve(McpServerSpec spec, Set<String> names) throws McpException {
    String node = nodeUuid.get();
    if (node.isEmpty()) {
      throw new McpException("mcp server " + spec.serverId() + ": this node is not registered yet");
    }
    Map<String, String> values;
    try {
      values = sms.resolveMcpSecrets(spec.serverId(), node);
    } catch (ApiCallException e) {
      throw new McpException(
          "mcp server " + spec.serverId() + ": SMS gave no secrets for it: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new McpException(
          "mcp server " + spec.serverId() + ": cannot ask SMS for its secrets", e);
    }
    if (!values.keySet().containsAll(names)) {
      throw new McpException(
          "mcp server " + spec.serverId() + ": SMS did not resolve every secret it refers to");
    }
    return values;
  }
}
