package io.spear.runtime;

import io.spear.model.task.Executable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an instance is created from.
 *
 * <p>Runtime config keys ({@link #runtimeConfig()}):
 *
 * <ul>
 *   <li>{@value #MODULE_BYTES}: the module itself, as {@code byte[]} or a base64 string (as it
 *       arrives in JSON). When present, {@code executable.uri} is not downloaded.
 *   <li>{@value #CREATE_DEADLINE}: a {@link Deadline}: creation waits for the module's compile only
 *       until then, and then fails with MODULE_COMPILING (the compile goes on). Without it,
 *       creation waits as long as compiling takes.
 * </ul>
 *
 * <p>Task config keys ({@link #taskConfig()}), all optional:
 *
 * <ul>
 *   <li>{@value #MEMORY_LIMIT_BYTES}: the guest's linear memory limit in bytes, rounded down to 64
 *       KiB pages; default the node's {@code defaultMemoryLimitBytes} (256 MiB).
 *   <li>{@value #MAX_MEMORY_PAGES}: the same limit in 64 KiB pages; when both are set the smaller
 *       wins.
 *   <li>{@value #WASI_PREOPEN}: directories the guest may use, comma-separated {@code guest=host}
 *       pairs such as {@code /data=/srv/spear/data} (a bare {@code /path} maps to the same path).
 *       Without it the guest has no file system at all.
 * </ul>
 *
 * @param taskId the task the instance runs
 * @param executable the task's executable: uri, name (argv[0]), args, env, checksum
 * @param runtimeConfig runtime-specific values, see above
 * @param taskConfig the task's config map, see above
 * @param environment environment of every execution, over {@code executable.env}
 * @param limits limits set explicitly for this instance
 */
public record InstanceConfig(
    String taskId,
    Executable executable,
    Map<String, Object> runtimeConfig,
    Map<String, String> taskConfig,
    Map<String, String> environment,
    InstanceLimits limits) {

  /** Runtime config key of the module bytes. */
  public static final String MODULE_BYTES = "module_bytes";

  /** Runtime config key of the deadline of the invocation that creates the instance. */
  public static final String CREATE_DEADLINE = "create_deadline";

  /** Task config key of the memory limit in bytes. */
  public static final String MEMORY_LIMIT_BYTES = "memory_limit_bytes";

  /** Task config key of the memory limit in 64 KiB pages. */
  public static final String MAX_MEMORY_PAGES = "max_memory_pages";

  /** Task config key of the preopened directories. */
  public static final String WASI_PREOPEN = "wasi.preopen";

  /** Checks required values and copies the maps (keeping their order). */
  public InstanceConfig {
    Objects.requireNonNull(taskId, "taskId must not be null");
    Objects.requireNonNull(executable, "executable must not be null");
    runtimeConfig = copy(runtimeConfig);
    taskConfig = copy(taskConfig);
    environment = copy(environment);
    limits = limits == null ? InstanceLimits.NONE : limits;
  }

  /** Starts a builder for a task's executable. */
  public static Builder builder(String taskId, Executable executable) {
    return new Builder(taskId, executable);
  }

  private static <V> Map<String, V> copy(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** Builds an {@link InstanceConfig}. */
  public static final class Builder {
    private final String taskId;
    private final Executable executable;
    private final Map<String, Object> runtimeConfig = new LinkedHashMap<>();
    private final Map<String, String> taskConfig = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private InstanceLimits limits = InstanceLimits.NONE;

    private Builder(String taskId, Executable executable) {
      this.taskId = taskId;
      this.executable = executable;
    }

    /** Supplies the module bytes directly instead of downloading {@code executable.uri}. */
    public Builder withModuleBytes(byte[] bytes) {
      runtimeConfig.put(MODULE_BYTES, bytes.clone());
      return this;
    }

    /** Sets one runtime config value. */
    public Builder withRuntimeConfig(String key, Object value) {
      runtimeConfig.put(key, value);
      return this;
    }

    /** Sets one task config value. */
    public Builder withTaskConfig(String key, String value) {
      taskConfig.put(key, value);
      return this;
    }

    /** Sets the whole task config. */
    public Builder withTaskConfig(Map<String, String> values) {
      taskConfig.putAll(values);
      return this;
    }

    /** Sets one environment variable of every execution. */
    public Builder withEnvironment(String key, String value) {
      environment.put(key, value);
      return this;
    }

    /** Sets explicit limits. */
    public Builder withLimits(InstanceLimits value) {
      limits = Objects.requireNonNull(value, "limits must not be null");
      return this;
    }

    /** The config. */
    public InstanceConfig build() {
      return new InstanceConfig(taskId, executable, runtimeConfig, taskConfig, environment, limits);
    }
  }
}
