package io.spear.runtime.wasm;

import com.dylibso.chicory.log.Logger;
import com.dylibso.chicory.log.SystemLogger;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.GuestOutput;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.wasm.wasi.SpearWasi;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One guest run on the calling thread: a fresh instance with its own WASI and host functions, the
 * entry function called, and the ending classified. Nothing survives the run, so no state leaks
 * between invocations; what runs share is immutable and prepared once per module ({@link
 * PreparedModule}).
 */
final class GuestRun {

  /** The WASI reactor convention: called before a named export when the module exports it. */
  static final String INITIALIZE = "_initialize";

  // Passing a logger avoids WasiPreview1's per-build platform probe (a failed class lookup).
  private static final Logger WASI_LOGGER = new SystemLogger();

  private GuestRun() {}

  /** Runs {@code entry} of a fresh instance with the context's input and environment. */
  static GuestResult run(
      CompiledModule module,
      PreparedModule prepared,
      InstancePlan plan,
      RuntimeConfig config,
      ExecutionContext context,
      String entry,
      GuestMemoryBudget memoryBudget) {
    BoundedBuffer stdout = new BoundedBuffer(config.spearletConfig().maxOutputBytes());
    BoundedBuffer log =
        new BoundedBuffer(config.spearletConfig().maxLogBytes(), context.logListener());
    Map<String, String> environment = new LinkedHashMap<>(plan.environment());
    environment.putAll(context.environment());
    OutputStream out = context.stdoutSink().map(sink -> Tee.of(stdout, sink)).orElse(stdout);
    WasiOptions options =
        wasiOptions(plan, config, environment, new ByteArrayInputStream(context.input()), out, log);
    long start = System.nanoTime();
    long instantiated = start;
    GuestResult.Ending ending;
    try (RunScope scope = new RunScope(context, config, plan.taskConfig(), log);
        SpearWasi wasi = wasi(options);
        GuestMemoryBudget.Charge memory = memoryBudget.charge()) {
      ImportValues imports = prepared.imports(wasi, scope, context.cpuSlot());
      Instance instance = null;
      try {
        // A start section runs inside build(), so it is inside the trap handling too.
        instance = instantiate(module, prepared, plan, imports, true, memory);
        instantiated = System.nanoTime();
        ending = call(instance, module, entry);
      } catch (WasiExitException e) {
        ending = new GuestResult.Exited(e.exitCode());
      } catch (ChicoryException e) {
        ending = new GuestResult.Trapped(reason(e));
      } catch (StackOverflowError e) {
        // Compiled code turns this into "call stack exhausted"; host code might not.
        ending = new GuestResult.Trapped("call stack exhausted");
      } catch (RuntimeException e) {
        // Not the guest's doing: never dressed up as a trap (nor, of course, as success).
        ending = new GuestResult.Crashed(e);
      } finally {
        release(instance);
      }
    }
    long end = System.nanoTime();
    log.finish();
    if (instantiated == start) {
      instantiated = end;
    }
    GuestOutput output =
        new GuestOutput(
            stdout.toByteArray(), stdout.truncated(), log.toByteArray(), log.truncated());
    return new GuestResult(ending, output, instantiated - start, end - instantiated);
  }

  /**
   * A fresh Chicory instance of the module, its memory limited by the plan.
   *
   * @param initialize whether to initialize memory, tables and globals and run the module's start
   *     section (guest code); {@code _start} itself is never called here
   */
  static Instance instantiate(
      CompiledModule module,
      PreparedModule prepared,
      InstancePlan plan,
      ImportValues imports,
      boolean initialize,
      GuestMemoryBudget.Charge memory) {
    Instance.Builder builder =
        Instance.builder(module.module())
            .withMachineFactory(module.machineFactory())
            .withMemoryFactory(limits -> memory(limits, memory, prepared.memoryImage()))
            .withImportValues(imports)
            .withInitialize(initialize)
            // Chicory would call the "_start" export during initialization; we call the entry.
            .withStart(false);
    plan.memoryLimits().ifPresent(builder::withMemoryLimits);
    return builder.build();
  }

  /**
   * The guest's linear memory: one flat array (see {@link FlatMemory}); Chicory's paged
   * ByteArrayMemory for a shared memory. Measured with bench/run on this machine, alternating runs:
   * sha256 over 4 MiB 99 and 80 ms paged, 50 and 49 ms flat (native 27 and 20 ms); matmul
   * unchanged. The paged memory was itself ~35% faster than Chicory's default ByteBufferMemory.
   * Either is charged to the node's guest memory budget (a shared memory for its maximum, since its
   * pages are not allocated through us).
   */
  static Memory memory(
      MemoryLimits limits, GuestMemoryBudget.Charge charge, Optional<MemoryImage> image) {
    if (limits.shared()) {
      charge.reserve((long) limits.maximumPages() * Memory.PAGE_SIZE);
      return new ByteArrayMemory(limits);
    }
    return new FlatMemory(limits, charge, image.orElse(null));
  }

  /** Ends the instance's memory, which goes back to its module's image for a later run. */
  static void release(Instance instance) {
    if (instance != null && instance.memory() instanceof FlatMemory flat) {
      flat.release();
    }
  }

  /** A WASI preview 1 implementation with these options. */
  static SpearWasi wasi(WasiOptions options) {
    return SpearWasi.create(options, WASI_LOGGER);
  }

  /** WASI options with the plan's argv and preopens and the run's streams and environment. */
  static WasiOptions wasiOptions(
      InstancePlan plan,
      RuntimeConfig config,
      Map<String, String> environment,
      InputStream stdin,
      OutputStream stdout,
      OutputStream stderr) {
    WasiOptions.Builder options =
        WasiOptions.builder()
            .withStdin(stdin)
            .withStdout(stdout)
            .withStderr(stderr)
            .withArguments(plan.argv())
            .withClock(config.clock())
            .withRandom(config.random())
            // One path for every exit: proc_exit(0) ends with WasiExitException(0) too.
            .withThrowOnExit0(true);
    environment.forEach(options::withEnvironment);
    plan.preopens().forEach(options::withDirectory);
    return options.build();
  }

  private static GuestResult.Ending call(Instance instance, CompiledModule module, String entry) {
    if (!entry.equals(WasmRuntime.DEFAULT_ENTRY)
        && !entry.equals(INITIALIZE)
        && module.functionExports().containsKey(INITIALIZE)) {
      instance.export(INITIALIZE).apply();
    }
    ExportFunction function = instance.export(entry);
    long[] results = function.apply();
    List<Long> values = new ArrayList<>();
    if (results != null) {
      for (long value : results) {
        values.add(value);
      }
    }
    return new GuestResult.Returned(values);
  }

  private static String reason(ChicoryException e) {
    String message = e.getMessage();
    if (message == null && e.getCause() != null) {
      message = e.getCause().toString();
    }
    return message == null ? "the engine stopped the guest without giving a reason" : message;
  }
}
