package io.spear.ai.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.json.Json;
import io.spear.model.mcp.McpServerSpec;
import io.spear.support.net.BaseUrl;
import io.spear.support.net.BearerToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP servers registered on SMS ({@code GET /api/v1/mcp/servers}), fetched when a guest needs
 * them and at most once per refresh interval; when SMS cannot be reached the last known registry
 * stays in use.
 */
public final class SmsMcpRegistry implements McpRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SmsMcpRegistry.class);

  private final URI uri;
  private final HttpClient http;
  private final BearerToken token;
  private final long refreshNanos;
  private final LongSupplier nanoTime;
  private Map<String, McpServerSpec> servers = Map.of();
  private long fetchedAt;
  private boolean fetched;

  /** A registry read from the SMS at {@code smsHttpAddr} ({@code host:port} or a base URL). */
  public SmsMcpRegistry(
      String smsHttpAddr, HttpClient http, Duration refresh, LongSupplier nanoTime) {
    this(smsHttpAddr, BearerToken.NONE, http, refresh, nanoTime);
  }

  /**
   * A registry read with {@code token} from the first SMS of {@code smsHttpAddr} ({@code host:port}
   * or URLs, comma-separated).
   */
  public SmsMcpRegistry(
      String smsHttpAddr,
      BearerToken token,
      HttpClient http,
      Duration refresh,
      LongSupplier nanoTime) {
    this.token = token;
    this.uri = URI.create(BaseUrl.of(smsHttpAddr.split(",")[0]) + "/api/v1/mcp/servers");
    this.http = http;
    this.refreshNanos = refresh.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public Optional<McpServerSpec> find(String serverId) {
    return Optional.ofNullable(snapshot().get(serverId));
  }

  private synchronized Map<String, McpServerSpec> snapshot() {
    long now = nanoTime.getAsLong();
    if (!fetched || now - fetchedAt >= refreshNanos) {
      fetchedAt = now;
      fetched = true;
      try {
        HttpResponse<String> response =
            http.send(
                token
                    .apply(HttpRequest.newBuilder(uri))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          Map<String, McpServerSpec> next = new HashMap<>();
          for (JsonNode s : Json.mapper().readTree(response.body()).path("servers")) {
            McpServerSpec spec = Json.mapper().treeToValue(s, McpServerSpec.class);
            next.put(spec.serverId(), spec);
          }
          servers = Map.copyOf(next);
        } else {
          LOG.warn(
              "SMS answered {} for the MCP registry; keeping the last one", response.statusCode());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warn("cannot fetch the MCP registry from {}: {}", uri, e.toString());
      }
    }
    return servers;
  }
}
