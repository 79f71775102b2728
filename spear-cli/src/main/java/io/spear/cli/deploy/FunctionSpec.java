package io.spear.cli.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One function of an app manifest.
 *
 * @param name the task's name, unique in the app (required)
 * @param module the WebAssembly module, relative to the manifest (required)
 * @param description free text (default {@code Task: <name>}, as SMS defaults it)
 * @param version the task's version string
 * @param priority low, normal, high or urgent (default normal)
 * @param endpoint a unique endpoint name, or empty
 * @param args the guest's arguments after argv[0]
 * @param env the guest's environment
 * @param config task config read by the runtime ({@code llm.*}, {@code mcp.*}, preopens, ...)
 * @param limits resource limits ({@code memory_limit_bytes}, {@code max_memory_pages}), merged into
 *     config
 */
record FunctionSpec(
    String name,
    String module,
    String description,
    String version,
    String priority,
    String endpoint,
    List<String> args,
    Map<String, String> env,
    Map<String, String> config,
    Map<String, Object> limits) {

  /** Normalizes absent values to empty ones. */
  public FunctionSpec {
    description = description == null || description.isBlank() ? "Task: " + name : description;
    version = version == null ? "" : version;
    priority = priority == null ? "normal" : priority;
    endpoint = endpoint == null ? "" : endpoint;
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
    config = config == null ? Map.of() : Map.copyOf(config);
    limits = limits == null ? Map.of() : Map.copyOf(limits);
  }

  /** The task config: {@code config} with the limits added as strings. */
  public Map<String, String> taskConfig() {
    Map<String, String> merged = new LinkedHashMap<>(config);
    limits.forEach((k, v) -> merged.put(k, String.valueOf(v)));
    return merged;
  }
}
