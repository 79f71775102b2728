package io.spear.model.task;

import io.spear.model.bound.Bound;
import io.spear.model.bound.Bounds;
import io.spear.model.egress.EgressRule;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.kv.KvRules;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The task config keys the platform itself reads, parsed once: SMS parses them when a task is
 * registered (a bad value is a 400 naming the key) and a node once per task version. Other keys
 * pass through to the guest untouched.
 *
 * @param maxConcurrency how many invocations of the task a node admits at once
 * @param memoryLimitBytes the guest's linear memory limit in bytes
 * @param maxMemoryPages the same limit in 64 KiB pages (the smaller of the two applies)
 * @param streamTimeoutMs the time limit of a stream guest the endpoint gateway starts
 * @param mcpEnabled whether the task's guests may use MCP tools (absent: no)
 * @param preopens directories the guest may use, guest path to host path, in the order written
 * @param kvNamespace the key-value namespace the task's guests use, when set (see {@link
 *     #kvNamespaceOf})
 * @param httpAllowedHosts the egress entries the task narrows its node's egress policy to (empty:
 *     the node's whole list)
 */
public record TaskSettings(
    OptionalInt maxConcurrency,
    OptionalLong memoryLimitBytes,
    OptionalLong maxMemoryPages,
    OptionalLong streamTimeoutMs,
    Optional<Boolean> mcpEnabled,
    Map<String, String> preopens,
    Optional<String> kvNamespace,
    Optional<List<EgressRule>> httpAllowedHosts) {

  /** Config key of {@link #maxConcurrency}. */
  public static final String MAX_CONCURRENCY = "max_concurrency";

  /** Config key of {@link #memoryLimitBytes}. */
  public static final String MEMORY_LIMIT_BYTES = "memory_limit_bytes";

  /** Config key of {@link #maxMemoryPages}. */
  public static final String MAX_MEMORY_PAGES = "max_memory_pages";

  /** Config key of {@link #streamTimeoutMs}. */
  public static final String STREAM_TIMEOUT_MS = "stream.timeout_ms";

  /** Config key of {@link #mcpEnabled}. */
  public static final String MCP_ENABLED = "mcp.enabled";

  /** Config key of {@link #kvNamespace}. */
  public static final String KV_NAMESPACE = "kv.namespace";

  /** Config key of {@link #preopens}: comma-separated {@code guest=host} (or one path for both). */
  public static final String WASI_PREOPEN = "wasi.preopen";

  /** Config key of {@link #httpAllowedHosts}: comma-separated egress entries. */
  public static final String HTTP_ALLOWED_HOSTS = "http.allowed_hosts";

  // A memory limit in bytes or pages must fit a long once in bytes (64 KiB pages).
  private static final long MAX_MEMORY = Long.MAX_VALUE / 65_536;

  /** A task config without any of these keys. */
  public static final TaskSettings NONE = parse(Map.of());

  /** Copies the preopens, keeping their order. */
  public TaskSettings {
    preopens = Collections.unmodifiableMap(new LinkedHashMap<>(preopens));
    httpAllowedHosts = httpAllowedHosts.map(List::copyOf);
  }

  /**
   * The settings of a task config.
   *
   * @throws InvalidRequestException naming the first key whose value is not valid
   */
  public static TaskSettings parse(Map<String, String> config) {
    String concurrency = config.get(MAX_CONCURRENCY);
    // A blank limit is the node's default, as it always was.
    OptionalInt maxConcurrency =
        concurrency == null || concurrency.isBlank()
            ? OptionalInt.empty()
            : OptionalInt.of(
                (int) new Bound(key(MAX_CONCURRENCY), 1, Integer.MAX_VALUE).parse(concurrency));
    return new TaskSettings(
        maxConcurrency,
        number(config, MEMORY_LIMIT_BYTES, new Bound(key(MEMORY_LIMIT_BYTES), 0, MAX_MEMORY)),
        number(config, MAX_MEMORY_PAGES, new Bound(key(MAX_MEMORY_PAGES), 0, MAX_MEMORY)),
        number(config, STREAM_TIMEOUT_MS, Bounds.TIMEOUT_MS.named(key(STREAM_TIMEOUT_MS))),
        Optional.ofNullable(config.get(MCP_ENABLED)).map(TaskSettings::bool),
        preopens(config.get(WASI_PREOPEN)),
        Optional.ofNullable(config.get(KV_NAMESPACE))
            .map(ns -> KvRules.namespace(ns.strip(), key(KV_NAMESPACE))),
        allowedHosts(config.get(HTTP_ALLOWED_HOSTS)));
  }

  /**
   * The namespace the guests of a task named {@code taskName} keep key-value state in: {@code
   * kv.namespace} when set, else the task's name (so a task registered again under its name finds
   * its state), if that name is a namespace.
   */
  public Optional<String> kvNamespaceOf(String taskName) {
    return kvNamespace.or(
        () -> KvRules.isNamespace(taskName) ? Optional.of(taskName) : Optional.empty());
  }

  // The form only: whether the entries stay within a node's egress policy is checked against the
  // nodes SMS knows at registration, and by each node before it runs the task.
  private static Optional<List<EgressRule>> allowedHosts(String setting) {
    if (setting == null) {
      return Optional.empty();
    }
    List<String> entries =
        Arrays.stream(setting.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
    try {
      return Optional.of(entries.stream().map(EgressRule::parse).toList());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(key(HTTP_ALLOWED_HOSTS) + ": " + e.getMessage());
    }
  }

  private static String key(String name) {
    return "config." + name;
  }

  private static OptionalLong number(Map<String, String> config, String name, Bound bound) {
    String value = config.get(name);
    return value == null ? OptionalLong.empty() : OptionalLong.of(bound.parse(value));
  }

  // The words SPEAR's Web Admin and its guests use.
  private static boolean bool(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "y", "on" -> true;
      case "false", "0", "no", "n", "off" -> false;
      default ->
          throw new InvalidRequestException(
              key(MCP_ENABLED) + " must be true or false but was '" + value + "'");
    };
  }

  // Only the form: whether a host directory exists and is allowed is the node's business.
  private static Map<String, String> preopens(String setting) {
    Map<String, String> dirs = new LinkedHashMap<>();
    if (setting == null || setting.isBlank()) {
      return dirs;
    }
    for (String entry : setting.split(",")) {
      String item = entry.strip();
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      String guest = eq < 0 ? item : item.substring(0, eq).strip();
      String host = eq < 0 ? item : item.substring(eq + 1).strip();
      if (guest.isEmpty() || host.isEmpty()) {
        throw new InvalidRequestException(
            key(WASI_PREOPEN) + " names '" + item + "', which is not guest=host");
      }
      dirs.put(guest, host);
    }
    return dirs;
  }
}
