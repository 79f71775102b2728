package io.spear.model.mcp;

import io.spear.model.bound.Bound;
import io.spear.model.error.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registered MCP server, with SPEAR's field names (snake_case in JSON and TOML).
 *
 * @param serverId the unique id tools are namespaced with ({@code [A-Za-z0-9_.-]{1,64}})
 * @param displayName a human name
 * @param transport {@code stdio} (a process on the node) or {@code streamable_http} (a URL the
 *     node's egress policy must allow)
 * @param stdio the process to run for {@code stdio}
 * @param http the endpoint for {@code streamable_http}
 * @param toolNamespace an optional namespace label
 * @param allowedTools glob patterns of the tools guests may use; empty allows none
 * @param budgets time and size limits
 * @param approvalPolicy stored as given
 */
public record McpServerSpec(
    String serverId,
    String displayName,
    String transport,
    Stdio stdio,
    Http http,
    String toolNamespace,
    List<String> allowedTools,
    Budgets budgets,
    String approvalPolicy) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** Defaults for absent lists. */
  public McpServerSpec {
    allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
  }

  /**
   * How to start a stdio server.
   *
   * @param command the executable
   * @param args its arguments
   * @param env extra environment; values may use {@code ${ENV:VAR}}, {@code ${ENV:VAR:-default}}
   *     and {@code ${secret:NAME}}
   * @param cwd the working directory; empty means the node's
   */
  public record Stdio(String command, List<String> args, Map<String, String> env, String cwd) {
    /** Defaults for absent values. */
    public Stdio {
      args = args == null ? List.of() : List.copyOf(args);
      env = env == null ? Map.of() : Map.copyOf(env);
      cwd = cwd == null ? "" : cwd;
    }
  }

  /**
   * A streamable HTTP endpoint.
   *
   * @param url the endpoint
   * @param headers extra headers; values may use {@code ${secret:NAME}} and {@code ${ENV:VAR}}
   * @param authRef a credential reference
   */
  public record Http(String url, Map<String, String> headers, String authRef) {
    /** Defaults for absent values. */
    public Http {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
  }

  /**
   * Limits of one server.
   *
   * @param toolTimeoutMs how long one tools/list or tools/call may take (100 to 120000; default
   *     8000)
   * @param maxConcurrency calls in flight at once on this node (default 4)
   * @param maxToolOutputBytes the cap of one result (default 64 KiB)
   */
  public record Budgets(Long toolTimeoutMs, Integer maxConcurrency, Long maxToolOutputBytes) {}

  /** The per-call timeout, SPEAR's default and bounds applied. */
  public long toolTimeoutMillis() {
    long value = Optional.ofNullable(budgets).map(Budgets::toolTimeoutMs).orElse(8000L);
    return Math.max(100, Math.min(120_000, value));
  }

  /** Calls in flight at once, at least 1. */
  public int maxConcurrency() {
    return Math.max(1, Optional.ofNullable(budgets).map(Budgets::maxConcurrency).orElse(4));
  }

  /** The cap of one tool result. */
  public long maxToolOutputBytes() {
    return Math.max(
        1, Optional.ofNullable(budgets).map(Budgets::maxToolOutputBytes).orElse(64L * 1024));
  }

  /**
   * Checks the spec as SMS accepts it.
   *
   * @throws InvalidRequestException naming the bad field
   */
  public McpServerSpec validated() {
    if (serverId == null || !ID.matcher(serverId).matches()) {
      throw new InvalidRequestException(
          "server_id is required and must match [A-Za-z0-9_.-]{1,64}, got " + serverId);
    }
    if (transport == null) {
      throw new InvalidRequestException("transport is required: stdio or streamable_http");
    }
    switch (transport) {
      case "stdio" -> {
        if (stdio == null || stdio.command() == null || stdio.command().isBlank()) {
          throw new InvalidRequestException("stdio.command is required for transport stdio");
        }
      }
      case "streamable_http" -> {
        if (http == null || http.url() == null || http.url().isBlank()) {
          throw new InvalidRequestException("http.url is required for transport streamable_http");
        }
        requireHttpUrl(http.url());
      }
      default ->
          throw new InvalidRequestException(
              "transport must be stdio or streamable_http, not " + transport);
    }
    for (String pattern : allowedTools) {
      if (pattern == null || pattern.isBlank()) {
        throw new InvalidRequestException("allowed_tools must not contain empty patterns");
      }
    }
    if (budgets != null) {
      check(TOOL_TIMEOUT_MS, budgets.toolTimeoutMs());
      check(
          MAX_CONCURRENCY,
          budgets.maxConcurrency() == null ? null : (long) budgets.maxConcurrency());
      check(MAX_TOOL_OUTPUT_BYTES, budgets.maxToolOutputBytes());
    }
    return this;
  }

  private static final Bound TOOL_TIMEOUT_MS = new Bound("budgets.tool_timeout_ms", 100, 120_000);
  private static final Bound MAX_CONCURRENCY = new Bound("budgets.max_concurrency", 1, 1024);
  private static final Bound MAX_TOOL_OUTPUT_BYTES =
      new Bound("budgets.max_tool_output_bytes", 1, 10L * 1024 * 1024);

  private static void check(Bound bound, Long value) {
    if (value != null) {
      bound.check(value);
    }
  }

  /** Only an http or https URL with a host: no file, jar or other scheme a client might open. */
  private static void requireHttpUrl(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new InvalidRequestException("http.url is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new InvalidRequestException(
          "http.url must be an http:// or https:// URL with a host but was '" + url + "'");
    }
  }
}
