package io.spear.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.ai.AiConfig;
import io.spear.ai.AiServices;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.NodeSecurity;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.spearlet.HostFamilies;
import io.spear.spearlet.config.SpearletConfigLoader;
import io.spear.streams.StreamLimits;
import io.spear.streams.UserStreamBroker;
import io.spear.support.net.BearerToken;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a module in this process with the runtime, limits and host calls a node gives it, without
 * SMS: what {@code spear run} does when no platform is there.
 *
 * @param module the module file
 * @param args the guest's arguments after argv[0]
 * @param env the guest's environment
 * @param dirs preopened directories, each {@code host:guest} (or a bare path, the same in both)
 * @param timeout the time limit
 * @param configFile YAML with {@code llm:} (and node settings) for guests that chat, or empty
 * @param compiledCache where compiled modules are kept between runs, or empty
 */
record StandaloneRun(
    Path module,
    List<String> args,
    Map<String, String> env,
    List<String> dirs,
    Duration timeout,
    Optional<Path> configFile,
    Optional<Path> compiledCache) {

  /**
   * Runs the module once with {@code input} as stdin; its stdout goes to {@code out}, its log to
   * {@code err}; answers the exit code to exit with (the guest's, 1 for a trap, 124 for a timeout).
   */
  int run(byte[] input, PrintStream out, PrintStream err) throws Exception {
    // The guest's stderr is the command's: the platform's start-up lines would only be noise.
    io.spear.cli.logging.OperatorLogging.quietUnlessAsked();
    byte[] bytes = Files.readAllBytes(module);
    SpearletConfig node;
    AiConfig ai;
    try {
      node =
          SpearletConfigLoader.load(
              SpearletConfig.defaults(), Map.of(), configFile, System.getenv());
      ai = AiConfig.of(SpearletConfigLoader.section(configFile, "llm"), System.getenv());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
    RuntimeConfig runtimeConfig = runtimeConfig(node);
    try (AiServices services =
            AiServices.start(ai.llm(), ai.environment(), new SimpleMeterRegistry());
        WasmRuntime runtime =
            new WasmRuntime(
                runtimeConfig.withFamilies(
                    HostFamilies.of(
                        services.chatFamily(),
                        new UserStreamBroker(StreamLimits.DEFAULTS),
                        services.media())))) {
      TaskInstance instance = start(runtime, bytes);
      ExecutionOutcome outcome =
          runtime.execute(
              instance, ExecutionContext.builder().withInput(input).withTimeout(timeout).build());
      out.write(outcome.output().stdout());
      out.flush();
      err.print(outcome.output().logText());
      err.flush();
      return exitCode(outcome, err);
    }
  }

  /** The node's runtime config, granting exactly the directories named with --dir. */
  private RuntimeConfig runtimeConfig(SpearletConfig node) {
    // The directories named with --dir are the caller's explicit grant (read-write, as wasmtime's
    // --dir): the in-process node allows exactly those and nothing else.
    List<NodeSecurity.PreopenRule> granted = new ArrayList<>();
    for (String dir : dirs) {
      int colon = dir.lastIndexOf(':');
      String host = colon > 0 ? dir.substring(0, colon) : dir;
      granted.add(new NodeSecurity.PreopenRule(Path.of(host).toAbsolutePath().normalize(), true));
    }
    RuntimeConfig runtimeConfig =
        RuntimeConfig.of(node).withSecurity(new NodeSecurity(BearerToken.NONE, granted, List.of()));
    if (compiledCache.isPresent()) {
      runtimeConfig = runtimeConfig.withCompiledCodeCache(compiledCache.get());
    }
    return runtimeConfig;
  }

  /** The module instantiated and started, or a CLI error saying why not. */
  private TaskInstance start(WasmRuntime runtime, byte[] bytes) {
    String name = module.getFileName().toString();
    InstanceConfig.Builder config =
        InstanceConfig.builder(
                "standalone", new Executable(ExecutableType.WASM, "", name, "", args, Map.of()))
            .withModuleBytes(bytes);
    env.forEach(config::withEnvironment);
    if (!dirs.isEmpty()) {
      config.withTaskConfig(InstanceConfig.WASI_PREOPEN, preopens(dirs));
    }
    TaskInstance instance;
    try {
      instance = runtime.createInstance(config.build());
      runtime.startInstance(instance);
    } catch (RuntimeException e) {
      throw new CliException("cannot run " + module + ": " + e.getMessage(), 1);
    }
    return instance;
  }

  /** The exit code of {@code outcome}, saying on {@code err} why a guest trapped or timed out. */
  private static int exitCode(ExecutionOutcome outcome, PrintStream err) {
    return switch (outcome) {
      case ExecutionOutcome.Completed c -> 0;
      case ExecutionOutcome.Failed f -> {
        if (f.trapped()) {
          err.println("spear: " + f.reason());
        }
        yield f.exitCode().orElse(1);
      }
      case ExecutionOutcome.TimedOut t -> {
        err.println(
            "spear: timeout (EXECUTION_TIMEOUT): stopped at its time limit of "
                + io.spear.support.config.Values.human(t.limit()));
        yield InvocationPrinter.TIMEOUT_EXIT;
      }
      case ExecutionOutcome.Cancelled c -> InvocationPrinter.CANCELLED_EXIT;
    };
  }

  // --dir host:guest, as docker and wasmtime write it; the task config wants guest=host.
  static String preopens(List<String> dirs) {
    List<String> entries = new ArrayList<>();
    for (String dir : dirs) {
      int colon = dir.lastIndexOf(':');
      String host = colon > 0 ? dir.substring(0, colon) : dir;
      String guest = colon > 0 ? dir.substring(colon + 1) : dir;
      if (!Files.isDirectory(Path.of(host))) {
        throw new CliException("--dir " + dir + ": no directory " + host, 2);
      }
      entries.add(guest + "=" + Path.of(host).toAbsolutePath().normalize());
    }
    return String.join(",", entries);
  }
}
