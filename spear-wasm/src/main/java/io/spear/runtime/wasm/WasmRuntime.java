package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.SpearException;
import io.spear.runtime.Deadline;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.FunctionRuntime;
import io.spear.runtime.HealthStatus;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.RuntimeType;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.artifact.LocalModules;
import io.spear.runtime.artifact.ModuleResolver;
import io.spear.runtime.artifact.ResolvedModule;
import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.wasm.wasi.SpearWasi;
import io.spear.support.concurrent.DaemonThreads;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebAssembly runtime on Chicory: WASI preview 1 commands and reactors, compiled to JVM
 * bytecode once per module digest, a fresh instance per execution, with memory and time limits and
 * the host-call families of its configuration.
 */
public final class WasmRuntime implements FunctionRuntime {

  /** The entry of a WASI command, called when an execution names no function. */
  public static final String DEFAULT_ENTRY = "_start";

  private static final Logger LOG = LoggerFactory.getLogger(WasmRuntime.class);

  /** How soon an interrupt of a guest's thread from outside the runtime stops the guest. */
  private static final long OUTSIDE_INTERRUPT_SWEEP_MILLIS = 20;

  private static final Set<String> CAPABILITIES = Set.of("wasm", "wasi_preview1", "spear.basic");

  private final RuntimeConfig config;
  private final ModuleResolver resolver;
  private final ModuleCache cache;
  private final FallbackCounts fallbacks;
  private final LongSupplier validations;
  private final GuestMemoryBudget memoryBudget;
  private final ModuleCompilations compilations;
  private final Set<WasmTaskInstance> live = ConcurrentHashMap.newKeySet();
  // Weak keys (compared by identity): a template goes when the cache lets its module go.
  private final Cache<CompiledModule, PreparedModule> prepared =
      Caffeine.newBuilder().weakKeys().build();
  private final ScheduledThreadPoolExecutor watchdog;

  /** Creates the runtime; it reads everything it needs from {@code config}. */
  public WasmRuntime(RuntimeConfig config) {
    this.config = config;
    SpearletConfig node = config.spearletConfig();
    this.resolver =
        new ModuleResolver(
            node, config.security(), config.compiledCodeCache().flatMap(LocalModules::under));
    ModuleCompiler compiler =
        new ModuleCompiler(
            config.engine(),
            config.compiledCodeCache().flatMap(CompiledCodeCache::under),
            HostImports.provided(config.families()));
    this.fallbacks = compiler.fallbacks();
    this.validations = compiler::validations;
    this.cache = new ModuleCache(compiler, node.moduleCacheSize(), node.moduleCacheBytes());
    this.memoryBudget = new GuestMemoryBudget(node.guestMemoryBudgetBytes());
    this.compilations =
        new ModuleCompilations(
            cache,
            // One slow module must not hold up every other one's compile.
            Math.max(2, java.lang.Runtime.getRuntime().availableProcessors()),
            System::nanoTime);
    // One thread stops every instance's guests at their deadlines; cancelled timers leave at once.
    this.watchdog = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("spear-wasm-watchdog"));
    watchdog.setRemoveOnCancelPolicy(true);
    // A standing timer, so that an execution's timer (seconds away) is rarely the earliest: a new
    // earliest timer wakes the watchdog thread only for it to sleep again, which cost ~5 us of CPU
    // per execution (hello in process: 31 us of process CPU per invocation, 26 us with this). It
    // also notices guests interrupted from outside, which compiled code checks only once armed.
    ScheduledFuture<?> _ =
        watchdog.scheduleWithFixedDelay(
            this::sweepOutsideInterrupts,
            OUTSIDE_INTERRUPT_SWEEP_MILLIS,
            OUTSIDE_INTERRUPT_SWEEP_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  private void sweepOutsideInterrupts() {
    try {
      live.forEach(WasmTaskInstance::noticeOutsideInterrupts);
    } catch (RuntimeException e) {
      // An exception would end the periodic sweep for good.
      LOG.warn("sweep for interrupted guests failed", e);
    }
  }

  @Override
  public RuntimeType type() {
    return RuntimeType.WASM;
  }

  @Override
  public Set<String> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public TaskInstance createInstance(InstanceConfig instanceConfig) {
    ResolvedModule resolved = resolver.resolve(instanceConfig);
    CompiledModule module = compilations.get(resolved, createDeadline(instanceConfig));
    InstancePlan plan =
        InstancePlan.of(instanceConfig, module, config.spearletConfig(), config.security());
    tryInstantiate(module, plan);
    // Validated and compiled: trusted as the compiled-code cache's entries are.
    resolver.keep(
        instanceConfig, resolved, () -> ModuleParser.withoutCustomSections(resolved.bytes()));
    String sha256 = resolved.sha256();
    WasmTaskInstance instance =
        new WasmTaskInstance(
            instanceConfig,
            deadline ->
                cache
                    .held(sha256)
                    .orElseGet(() -> compilations.get(resolver.resolve(instanceConfig), deadline)),
            plan);
    live.add(instance);
    LOG.debug(
        "created instance {} of task {} from {} (sha256 {})",
        instance.instanceId(),
        instance.taskId(),
        resolved.source(),
        resolved.sha256());
    return instance;
  }

  @Override
  public void startInstance(TaskInstance instance) {
    wasm(instance).start();
  }

  /**
   * Runs the execution on the calling thread, which should have {@link
   * RuntimeConfig#guestStackBytes()} of stack.
   */
  @Override
  public ExecutionOutcome execute(TaskInstance instance, ExecutionContext context) {
    WasmTaskInstance target = wasm(instance);
    CompiledModule module = target.module(Optional.of(context.deadline()));
    String entry = entry(module, context);
    PreparedModule prepared = prepared(module);
    return target.execute(
        new GuestExecution(context, watchdog, System::nanoTime),
        () -> GuestRun.run(module, prepared, target.plan(), config, context, entry, memoryBudget));
  }

  @Override
  public void stopInstance(TaskInstance instance) {
    WasmTaskInstance target = wasm(instance);
    target.stop(config.spearletConfig().stopTimeout());
    live.remove(target);
  }

  @Override
  public HealthStatus healthCheck(TaskInstance instance) {
    return wasm(instance).health();
  }

  @Override
  public void close() {
    // Stop instances in parallel: each may wait up to the stop timeout for its guests.
    live.parallelStream().forEach(this::stopInstance);
    watchdog.shutdownNow();
    compilations.close();
    resolver.close();
  }

  /** Compiled-module cache lookups that found the module compiled; for tests and metrics. */
  public long moduleCacheHits() {
    return cache.hits();
  }

  /** Compiled modules held in the cache now; for metrics. */
  public long moduleCacheSize() {
    return cache.size();
  }

  /** Estimated heap bytes the compiled modules in the cache hold; for metrics. */
  public long moduleCacheBytes() {
    return cache.weight();
  }

  /** Compiled modules the cache let go of to stay within its budget; for metrics. */
  public long moduleCacheEvictions() {
    return cache.evictions();
  }

  /**
   * Functions of compiled modules that run in the interpreter because the compiler failed on them.
   */
  public long interpretedFunctions() {
    return fallbacks.interpretedFunctions();
  }

  /** Modules that run wholly in the interpreter because the compiler failed on them. */
  public long interpretedModules() {
    return fallbacks.interpretedModules();
  }

  /** The node's budget of guest linear memory; for metrics and health. */
  public GuestMemoryBudget guestMemoryBudget() {
    return memoryBudget;
  }

  /**
   * Modules validated (a module whose compiled classes were found on disk is not); for tests and
   * metrics.
   */
  public long moduleValidations() {
    return validations.getAsLong();
  }

  /** Compiled-module cache lookups that compiled; for tests and metrics. */
  public long moduleCacheMisses() {
    return cache.misses();
  }

  /** The module's prepared template, made on its first use and kept as long as the module. */
  private PreparedModule prepared(CompiledModule module) {
    return prepared.get(module, m -> PreparedModule.of(m, config.families()));
  }

  private static Optional<Deadline> createDeadline(InstanceConfig config) {
    return config.runtimeConfig().get(InstanceConfig.CREATE_DEADLINE) instanceof Deadline d
        ? Optional.of(d)
        : Optional.empty();
  }

  private static WasmTaskInstance wasm(TaskInstance instance) {
    if (instance instanceof WasmTaskInstance wasm) {
      return wasm;
    }
    throw new InvalidRequestException(
        "Instance " + instance.instanceId() + " does not belong to the WASM runtime");
  }

  private static String entry(CompiledModule module, ExecutionContext context) {
    String entry = context.functionName().orElse(DEFAULT_ENTRY);
    Map<String, FunctionType> exports = module.functionExports();
    FunctionType type = exports.get(entry);
    String names = exports.isEmpty() ? "(none)" : String.join(", ", exports.keySet());
    if (type == null && context.functionName().isEmpty()) {
      // The module's shape, not the request's: a module problem (422) like any other.
      throw new InvalidConfigurationException(
          "WASM module has no _start export (it is not a WASI command); name one of its exported"
              + " functions: "
              + names);
    }
    if (type == null) {
      throw new InvalidRequestException(
          "WASM module has no exported function '" + entry + "'; exported functions: " + names);
    }
    if (!type.params().isEmpty()) {
      throw new InvalidRequestException(
          "Exported function '"
              + entry
              + "' takes parameters "
              + type.params()
              + " and cannot be an entry point");
    }
    return entry;
  }

  /**
   * Instantiates once without running guest code, so that link and instantiation failures (a data
   * segment outside memory, say) surface at creation rather than at the first execution.
   */
  private void tryInstantiate(CompiledModule module, InstancePlan plan) {
    try (GuestMemoryBudget.Charge memory = memoryBudget.charge();
        SpearWasi wasi =
            GuestRun.wasi(
                GuestRun.wasiOptions(
                    plan,
                    config,
                    plan.environment(),
                    new ByteArrayInputStream(new byte[0]),
                    OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream()))) {
      PreparedModule prepared = prepared(module);
      ImportValues imports = prepared.trialImports(wasi);
      // A start section is guest code: it must only run in an execution, under its time limit.
      // Without one, initializing checks data and element segments against memory and tables.
      boolean initialize = module.module().startSection().isEmpty();
      GuestRun.release(GuestRun.instantiate(module, prepared, plan, imports, initialize, memory));
    } catch (SpearException e) {
      throw e;
    } catch (ChicoryException e) {
      throw new InvalidConfigurationException(
          "WASM module cannot be instantiated: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Untrusted modules may trip the engine in unexpected ways; at creation that is still a
      // module that cannot become an instance.
      LOG.warn("instantiating module {} failed unexpectedly", module.sha256(), e);
      throw new InvalidConfigurationException(
          "WASM module cannot be instantiated: the engine failed on its contents (the node's log"
              + " has details)",
          e);
    }
  }
}
