package io.spear.spearlet.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.runtime.config.SpearletConfig;
import io.spear.support.config.Values;
import io.spear.support.net.BaseUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Builds the {@link SpearletConfig} once at start from three sources, highest precedence first:
 * command-line flags, an optional YAML file, and {@code SPEARLET_*} environment variables.
 *
 * <p>Every source uses the same keys, the snake_case names of the config's fields ({@code
 * sms_http_addr}, {@code max_in_flight}, ...); in the environment they are upper-case with the
 * {@code SPEARLET_} prefix ({@code SPEARLET_MAX_IN_FLIGHT}). Durations read {@code 500ms}, {@code
 * 30s}, {@code 2m}; sizes read {@code 1048576} or {@code 16MiB}. Unknown keys and bad values fail
 * the start with a message naming them.
 */
public final class SpearletConfigLoader {

  /** The prefix of environment variables the loader reads. */
  public static final String ENV_PREFIX = "SPEARLET_";

  private static final Map<String, BiConsumer<SpearletConfig.Builder, String>> KEYS = keys();

  /** Nested sections of the YAML file that other components read (see {@link #section}). */
  public static final java.util.Set<String> SECTIONS =
      java.util.Set.of("llm", "mcp", "sandbox", "streams", "mic", "egress", "http_call");

  private SpearletConfigLoader() {}

  /**
   * Merges the sources over {@code base} and checks the result.
   *
   * @param flags values given on the command line, by key
   * @param yamlFile a YAML file of key: value pairs, if any
   * @param environment the process environment (only {@code SPEARLET_*} entries are read)
   * @throws IllegalArgumentException naming the source and key of an unknown key or a bad value
   */
  public static SpearletConfig load(
      SpearletConfig base,
      Map<String, String> flags,
      Optional<Path> yamlFile,
      Map<String, String> environment) {
    Map<String, Sourced> merged = new LinkedHashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX)) {
            String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            merged.put(key, new Sourced(value, "environment variable " + name));
          }
        });
    yamlFile.ifPresent(
        file -> readYaml(file).forEach((k, v) -> merged.put(k, new Sourced(v, file + ": " + k))));
    flags.forEach((k, v) -> merged.put(k, new Sourced(v, "flag for " + k)));

    SpearletConfig.Builder builder = base.toBuilder();
    merged.forEach(
        (key, sourced) -> {
          BiConsumer<SpearletConfig.Builder, String> setter = KEYS.get(key);
          if (setter == null) {
            throw new IllegalArgumentException(
                "unknown setting " + key + " (" + sourced.source() + "); known: " + knownKeys());
          }
          try {
            setter.accept(builder, sourced.value().trim());
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                "bad value '"
                    + sourced.value()
                    + "' for "
                    + key
                    + " ("
                    + sourced.source()
                    + "): "
                    + e.getMessage(),
                e);
          }
        });
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid Spearlet configuration: " + e.getMessage(), e);
    }
  }

  /** Every key the loader knows, sorted. */
  public static String knownKeys() {
    return String.join(", ", new TreeSet<>(KEYS.keySet()));
  }

  private record Sourced(String value, String source) {}

  private static Map<String, String> readYaml(Path file) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return values;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(
          "config file " + file + " must be a mapping of key: value");
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (SECTIONS.contains(e.getKey())) {
        continue;
      }
      if (!e.getValue().isValueNode()) {
        throw new IllegalArgumentException(
            "config file " + file + ": " + e.getKey() + " must be a single value");
      }
      values.put(e.getKey(), e.getValue().asText());
    }
    return values;
  }

  /**
   * A nested section of the YAML file, such as {@code llm}; a missing node when the file or the
   * section is absent.
   */
  public static JsonNode section(Optional<Path> yamlFile, String name) {
    if (yamlFile.isEmpty()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    try {
      JsonNode root = new YAMLMapper().readTree(Files.readAllBytes(yamlFile.get()));
      return root == null
          ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
          : root.path(name);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read config file " + yamlFile.get() + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, BiConsumer<SpearletConfig.Builder, String>> keys() {
    Map<String, BiConsumer<SpearletConfig.Builder, String>> k = new LinkedHashMap<>();
    // Kept as given: BaseUrl turns it into a URL, keeping an https scheme; each of a
    // comma-separated list of SMS replicas.
    k.put(
        "sms_http_addr",
        (b, v) ->
            b.smsHttpAddr(
                java.util.Arrays.stream(v.split(","))
                    .filter(a -> !a.isBlank())
                    .map(BaseUrl::of)
                    .collect(java.util.stream.Collectors.joining(","))));
    k.put("bind_host", SpearletConfig.Builder::bindHost);
    k.put("advertise_host", SpearletConfig.Builder::advertiseHost);
    k.put("http_port", (b, v) -> b.httpPort(Integer.parseInt(v)));
    k.put("default_timeout", (b, v) -> b.defaultTimeout(duration(v)));
    k.put("max_module_bytes", (b, v) -> b.maxModuleBytes(Values.bytes(v)));
    k.put("download_connect_timeout", (b, v) -> b.downloadConnectTimeout(duration(v)));
    k.put("download_read_timeout", (b, v) -> b.downloadReadTimeout(duration(v)));
    k.put("max_output_bytes", (b, v) -> b.maxOutputBytes(Values.bytes(v)));
    k.put("max_log_bytes", (b, v) -> b.maxLogBytes(Values.bytes(v)));
    k.put("default_memory_limit_bytes", (b, v) -> b.defaultMemoryLimitBytes(Values.bytes(v)));
    k.put("module_cache_size", (b, v) -> b.moduleCacheSize(Integer.parseInt(v)));
    k.put("stop_timeout", (b, v) -> b.stopTimeout(duration(v)));
    k.put("max_in_flight", (b, v) -> b.maxInFlight(Integer.parseInt(v)));
    k.put("queue_capacity", (b, v) -> b.queueCapacity(Integer.parseInt(v)));
    k.put("heartbeat_interval", (b, v) -> b.heartbeatInterval(duration(v)));
    k.put("idle_instance_timeout", (b, v) -> b.idleInstanceTimeout(duration(v)));
    k.put("task_revalidate_interval", (b, v) -> b.taskRevalidateInterval(duration(v)));
    k.put("module_cache_bytes", (b, v) -> b.moduleCacheBytes(Values.bytes(v)));
    k.put("max_guest_memory_bytes", (b, v) -> b.maxGuestMemoryBytes(Values.bytes(v)));
    k.put("guest_memory_budget_bytes", (b, v) -> b.guestMemoryBudgetBytes(Values.bytes(v)));
    k.put("execution_cache_bytes", (b, v) -> b.executionCacheBytes(Values.bytes(v)));
    return k;
  }

  private static Duration duration(String v) {
    return Values.duration(v);
  }

  // Accept http://host:port too, since that is how users write the SMS address elsewhere.
}
