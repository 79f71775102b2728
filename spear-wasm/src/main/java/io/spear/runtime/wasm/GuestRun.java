package io.spear.runtime.wasm;

import com.dylibso.chicory.log.Logger;
import com.dylibso.chicory.log.SystemLogger;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.spear.runtime.CpuSlot;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.GuestOutput;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.media.MediaServices;
import io.spear.runtime.stream.UserStreamHub;
import io.spear.runtime.wasm.host.BoundedBuffer;
import io.spear.runtime.wasm.host.SpearHostContext;
import io.spear.runtime.wasm.host.SpearHostFunctions;
import io.spear.runtime.wasm.host.cchat.CchatHost;
import io.spear.runtime.wasm.host.cchat.CchatHostFunctions;
import io.spear.runtime.wasm.host.epoll.EpollHost;
import io.spear.runtime.wasm.host.fd.FdTable;
import io.spear.runtime.wasm.host.mic.MicHost;
import io.spear.runtime.wasm.host.rtasr.MediaHostFunctions;
import io.spear.runtime.wasm.host.rtasr.RtasrHost;
import io.spear.runtime.wasm.host.stream.StreamHostFunctions;
import io.spear.runtime.wasm.host.stream.UserStreamHost;
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
 * One guest run on the calling thread: a fresh instance with its own WASI and spear host functions,
 * the entry function called, and the ending classified. Nothing survives the run, so no state leaks
 * between invocations.
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
    FdTable fds = new FdTable(ChatHosts.MAX_FDS);
    // Only guests that import user streams get a hub: others pay nothing for the data plane.
    Optional<UserStreamHub> hub =
        module.usesUserStreams()
            ? config.hostServices().userStreams().open(context.executionId())
            : Optional.empty();
    // Speech sessions and microphones end with the run: their sockets and timers must not leak.
    RtasrHost asr = new RtasrHost(fds, config.hostServices().media(), System::nanoTime);
    MicHost mic = new MicHost(fds, config.hostServices().media());
    try (asr;
        mic;
        SpearWasi wasi = wasi(options);
        GuestMemoryBudget.Charge memory = memoryBudget.charge()) {
      ImportValues imports =
          imports(
              module,
              wasi,
              new SpearHostContext(config.clock(), config.random(), log),
              ChatHosts.forExecution(fds, plan, config, context, log),
              new EpollHost(fds, System::nanoTime),
              new UserStreamHost(fds, hub),
              MediaHostFunctions.create(asr, mic),
              context.cpuSlot());
      try {
        // A start section runs inside build(), so it is inside the trap handling too.
        Instance instance = instantiate(module, plan, imports, true, memory);
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
      }
    } finally {
      hub.ifPresent(UserStreamHub::close);
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
      InstancePlan plan,
      ImportValues imports,
      boolean initialize,
      GuestMemoryBudget.Charge memory) {
    Instance.Builder builder =
        Instance.builder(module.module())
            .withMachineFactory(module.machineFactory())
            .withMemoryFactory(limits -> memory(limits, memory))
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
  static Memory memory(MemoryLimits limits, GuestMemoryBudget.Charge charge) {
    if (limits.shared()) {
      charge.reserve((long) limits.maximumPages() * Memory.PAGE_SIZE);
      return new ByteArrayMemory(limits);
    }
    return new FlatMemory(limits, charge);
  }

  /** A WASI preview 1 implementation with these options. */
  static SpearWasi wasi(WasiOptions options) {
    return SpearWasi.create(options, WASI_LOGGER);
  }

  /** WASI and spear host functions for an instance of {@code module} that never runs guest code. */
  static ImportValues imports(
      CompiledModule module, SpearWasi wasi, SpearHostContext spear, CchatHost chat) {
    FdTable none = new FdTable(1);
    return imports(
        module,
        wasi,
        spear,
        chat,
        new EpollHost(none, System::nanoTime),
        new UserStreamHost(none, Optional.empty()),
        MediaHostFunctions.create(
            new RtasrHost(none, MediaServices.none(), System::nanoTime),
            new MicHost(none, MediaServices.none())),
        CpuSlot.NONE);
  }

  /**
   * WASI and spear host functions for one instance of {@code module}, only those it imports;
   * blocking ones give {@code slot} back.
   */
  static ImportValues imports(
      CompiledModule module,
      SpearWasi wasi,
      SpearHostContext spear,
      CchatHost chat,
      EpollHost epoll,
      UserStreamHost streams,
      HostFunction[] mediaFunctions,
      CpuSlot slot) {
    HostFunction[] wasiFunctions = module.imported(wasi.toHostFunctions());
    HostFunction[] chatFunctions = module.imported(CchatHostFunctions.create(chat));
    HostFunction[] streamFunctions = module.imported(StreamHostFunctions.create(epoll, streams));
    if (slot != CpuSlot.NONE) {
      givingBack(wasiFunctions, BLOCKING_WASI, slot);
      // A guest waiting on an LLM backend needs no running slot; tools it runs meanwhile are
      // short, and a nested blocking call in one keeps the slot accounting balanced.
      givingBack(chatFunctions, BLOCKING_CHAT, slot);
      // A guest waiting for stream events (often for minutes) needs no running slot either.
      givingBack(streamFunctions, StreamHostFunctions.BLOCKING, slot);
    }
    return ImportValues.builder()
        .addFunction(wasiFunctions)
        .addFunction(module.imported(SpearHostFunctions.create(spear)))
        .addFunction(chatFunctions)
        .addFunction(streamFunctions)
        .addFunction(module.imported(mediaFunctions))
        .build();
  }

  /** WASI's sleep: a guest waiting in it needs no running slot. */
  private static final String BLOCKING_WASI = "poll_oneoff";

  /** The chat call that waits on an LLM backend over HTTP. */
  private static final String BLOCKING_CHAT = "cchat_send";

  /** Replaces the function named {@code blocking} with one that gives the slot back. */
  private static void givingBack(HostFunction[] functions, String blocking, CpuSlot slot) {
    for (int i = 0; i < functions.length; i++) {
      if (blocking.equals(functions[i].name())) {
        functions[i] = givingBack(functions[i], slot);
      }
    }
  }

  /** The host function, with the execution's running slot given back while it blocks. */
  static HostFunction givingBack(HostFunction blocking, CpuSlot slot) {
    return new HostFunction(
        blocking.module(),
        blocking.name(),
        blocking.functionType(),
        (instance, args) -> {
          slot.release();
          try {
            return blocking.handle().apply(instance, args);
          } finally {
            try {
              slot.reacquire();
            } catch (InterruptedException e) {
              // Stopped while waiting to run again: the watchdog's stop reason decides the ending.
              Thread.currentThread().interrupt();
              throw new ChicoryException("stopped while waiting for a running slot", e);
            }
          }
        });
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
