package io.spear.cli;

import io.spear.ai.AiConfig;
import io.spear.egress.EgressPolicy;
import io.spear.host.http.HttpCallLimits;
import io.spear.runtime.NodeSecurity;
import io.spear.runtime.config.SpearletConfig;
import io.spear.spearlet.config.EgressSettings;
import io.spear.spearlet.config.SandboxSettings;
import io.spear.spearlet.config.SpearletConfigLoader;
import io.spear.spearlet.config.StreamSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of a Spearlet. Flags beat {@code --config} (YAML), which beats {@code SPEARLET_*}
 * environment variables; the environment is read here, once, and passed down.
 */
final class SpearletOptions {

  @Option(
      names = "--config",
      description = "YAML file of Spearlet settings (snake_case keys, e.g. max_in_flight: 8).")
  Path configFile;

  @Option(
      names = "--set",
      description = "Any Spearlet setting as key=value (repeatable), e.g. --set queue_capacity=16.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--advertise-host", description = "Address SMS uses to reach this node.")
  String advertiseHost;

  @Option(names = "--max-in-flight", description = "Invocations run at once.")
  Integer maxInFlight;

  @Option(names = "--queue-capacity", description = "Invocations queued beyond those running.")
  Integer queueCapacity;

  @Option(names = "--heartbeat-interval", description = "How often to heartbeat to SMS (e.g. 10s).")
  String heartbeatInterval;

  @Option(names = "--default-timeout", description = "Time limit of invocations naming none.")
  String defaultTimeout;

  /** The config, with {@code fixed} settings (from the command's own flags) on top. */
  SpearletConfig toConfig(Map<String, String> fixed) {
    Map<String, String> flags = new LinkedHashMap<>(settings);
    put(flags, "advertise_host", advertiseHost);
    put(flags, "max_in_flight", maxInFlight);
    put(flags, "queue_capacity", queueCapacity);
    put(flags, "heartbeat_interval", heartbeatInterval);
    put(flags, "default_timeout", defaultTimeout);
    flags.putAll(fixed);
    try {
      return SpearletConfigLoader.load(
          SpearletConfig.defaults(), flags, Optional.ofNullable(configFile), System.getenv());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }

  /** The {@code llm:} and {@code mcp:} sections of {@code --config}, keys from the environment. */
  AiConfig aiConfig() {
    try {
      Optional<Path> file = Optional.ofNullable(configFile);
      return AiConfig.of(
          SpearletConfigLoader.section(file, "llm"),
          SpearletConfigLoader.section(file, "mcp"),
          System.getenv());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }

  /** The {@code sandbox:} section of {@code --config}: what tasks may reach on this host. */
  NodeSecurity nodeSecurity() {
    try {
      return SandboxSettings.parse(
          SpearletConfigLoader.section(Optional.ofNullable(configFile), "sandbox"));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }

  /** The {@code egress:} section of {@code --config}: what guests' outbound calls may reach. */
  EgressPolicy egressPolicy() {
    try {
      return EgressSettings.parse(
          SpearletConfigLoader.section(Optional.ofNullable(configFile), "egress"));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }

  /** The {@code http_call:} section of {@code --config}: the limits of guests' outbound calls. */
  HttpCallLimits httpCallLimits() {
    try {
      return HttpCallLimits.parse(
          SpearletConfigLoader.section(Optional.ofNullable(configFile), "http_call"));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }

  /** The {@code streams:} and {@code mic:} sections of {@code --config}. */
  StreamSettings streamSettings() {
    try {
      Optional<Path> file = Optional.ofNullable(configFile);
      return StreamSettings.parse(
          SpearletConfigLoader.section(file, "streams"), SpearletConfigLoader.section(file, "mic"));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }

  private static void put(Map<String, String> flags, String key, Object value) {
    if (value != null) {
      flags.put(key, value.toString());
    }
  }
}
