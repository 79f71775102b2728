package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.task.Executable;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.NodeSecurity;
import io.spear.runtime.config.SpearletConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything an instance's executions share, worked out once at creation from the instance config,
 * the task config, the node config and the module.
 *
 * @param memoryLimits the guest memory's limits, the module's own capped by the task's limit; empty
 *     when the module has no memory
 * @param memoryLimitPages the task's memory limit in 64 KiB pages
 * @param preopens guest path to host directory
 * @param argv {@code executable.name}, then {@code executable.args}
 * @param environment {@code executable.env} (sorted) overlaid by the instance environment
 * @param taskConfig the task's config, which host-call families read (such as {@code mcp.*})
 */
record InstancePlan(
    Optional<MemoryLimits> memoryLimits,
    int memoryLimitPages,
    Map<String, Path> preopens,
    List<String> argv,
    Map<String, String> environment,
    Map<String, String> taskConfig) {

  /**
   * Works out the plan.
   *
   * @throws InvalidConfigurationException for unusable task config values, a memory limit below
   *     what the module needs, or a preopened directory that does not exist
   */
  static InstancePlan of(InstanceConfig config, CompiledModule module, SpearletConfig node) {
    return of(config, module, node, NodeSecurity.NONE);
  }

  /** Works out the plan; preopened directories must be within the node's allowed ones. */
  static InstancePlan of(
      InstanceConfig config, CompiledModule module, SpearletConfig node, NodeSecurity security) {
    int limitPages = memoryLimitPages(config, node);
    Optional<MemoryLimits> memory = module.memory().map(declared -> capped(declared, limitPages));
    return new InstancePlan(
        memory,
        limitPages,
        PreopenPolicy.check(
            preopens(config.taskConfig().get(InstanceConfig.WASI_PREOPEN)),
            security.preopenAllow()),
        argv(config),
        environment(config),
        config.taskConfig());
  }

  private static int memoryLimitPages(InstanceConfig config, SpearletConfig node) {
    long bytes = node.defaultMemoryLimitBytes();
    if (config.limits().memoryLimitBytes().isPresent()) {
      bytes = config.limits().memoryLimitBytes().getAsLong();
    } else {
      Optional<Long> fromBytes = longSetting(config, InstanceConfig.MEMORY_LIMIT_BYTES);
      Optional<Long> fromPages =
          longSetting(config, InstanceConfig.MAX_MEMORY_PAGES).map(p -> p * Memory.PAGE_SIZE);
      if (fromBytes.isPresent() || fromPages.isPresent()) {
        bytes = Math.min(fromBytes.orElse(Long.MAX_VALUE), fromPages.orElse(Long.MAX_VALUE));
      }
    }
    if (bytes > node.maxGuestMemoryBytes()) {
      throw new InvalidConfigurationException(
          "Task asks for a memory limit of "
              + bytes
              + " bytes, more than this node allows one guest (max_guest_memory_bytes "
              + node.maxGuestMemoryBytes()
              + "); set "
              + InstanceConfig.MEMORY_LIMIT_BYTES
              + " to at most that");
    }
    return (int) Math.min(bytes / Memory.PAGE_SIZE, Memory.RUNTIME_MAX_PAGES);
  }

  private static Optional<Long> longSetting(InstanceConfig config, String key) {
    String value = config.taskConfig().get(key);
    if (value == null) {
      return Optional.empty();
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed < 0 || parsed > Long.MAX_VALUE / Memory.PAGE_SIZE) {
        throw new NumberFormatException("out of range");
      }
      return Optional.of(parsed);
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(
          "Task config " + key + " must be a non-negative integer but was '" + value + "'", e);
    }
  }

  private static MemoryLimits capped(MemoryLimits declared, int limitPages) {
    if (declared.initialPages() > limitPages) {
      throw new InvalidConfigurationException(
          "WASM module needs "
              + declared.initialPages()
              + " pages of initial memory, more than the task's memory limit of "
              + limitPages
              + " pages ("
              + (long) limitPages * Memory.PAGE_SIZE
              + " bytes)");
    }
    int maximum = Math.min(declared.maximumPages(), limitPages);
    return new MemoryLimits(declared.initialPages(), maximum, declared.shared());
  }

  private static Map<String, Path> preopens(String setting) {
    if (setting == null || setting.isBlank()) {
      return Map.of();
    }
    Map<String, Path> dirs = new LinkedHashMap<>();
    for (String entry : setting.split(",")) {
      String item = entry.strip();
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      String guest = eq < 0 ? item : item.substring(0, eq).strip();
      String hostName = eq < 0 ? item : item.substring(eq + 1).strip();
      // Only the form is checked here: whether the host directory exists is the node's business
      // until PreopenPolicy has found it within an allowed one.
      if (guest.isEmpty() || hostName.isEmpty()) {
        throw new InvalidConfigurationException(
            "Task config "
                + InstanceConfig.WASI_PREOPEN
                + " names '"
                + item
                + "', which is not guest=host");
      }
      Path host = Path.of(hostName);
      dirs.put(guest, host);
    }
    return Collections.unmodifiableMap(dirs);
  }

  private static List<String> argv(InstanceConfig config) {
    Executable executable = config.executable();
    List<String> argv = new ArrayList<>();
    argv.add(executable.name().isEmpty() ? config.taskId() : executable.name());
    argv.addAll(executable.args());
    return List.copyOf(argv);
  }

  private static Map<String, String> environment(InstanceConfig config) {
    // executable.env is an unordered map; sort it so guests see a stable environ order.
    Map<String, String> env = new LinkedHashMap<>(new TreeMap<>(config.executable().env()));
    env.putAll(config.environment());
    return Collections.unmodifiableMap(env);
  }
}
