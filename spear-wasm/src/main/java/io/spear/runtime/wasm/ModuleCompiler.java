package io.spear.runtime.wasm;

import com.dylibso.chicory.compiler.internal.ClassLoadingCollector;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.error.SpearException;
import io.spear.runtime.WasmEngine;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses, validates, checks the imports of and compiles module bytes.
 *
 * <p>Module bytes are untrusted. Chicory 1.7.5 rejects most bad modules with its own exceptions,
 * but some mutated modules make its parser fail with plain Java exceptions (index out of bounds,
 * null pointers, internal asserts when assertions are on), and with assertions off it accepts some
 * modules whose exports name functions that do not exist. Every step here therefore turns any
 * failure into InvalidConfiguration, and reads the parsed module defensively.
 */
final class ModuleCompiler {

  private static final Logger LOG = LoggerFactory.getLogger(ModuleCompiler.class);

  private final WasmEngine engine;
  private final Optional<CompiledCodeCache> codeCache;
  private final FallbackCounts fallbacks = new FallbackCounts();
  private final LongAdder validations = new LongAdder();
  private final Map<String, FunctionType> hostCalls;

  /** A compiler for modules that import WASI only. */
  ModuleCompiler(WasmEngine engine) {
    this(engine, Optional.empty(), Map.of());
  }

  /**
   * A compiler keeping compiled code in {@code codeCache}, accepting imports of WASI and of {@code
   * hostCalls} (by {@code module + "." + name}).
   */
  ModuleCompiler(
      WasmEngine engine,
      Optional<CompiledCodeCache> codeCache,
      Map<String, FunctionType> hostCalls) {
    this.engine = engine;
    this.codeCache = codeCache;
    this.hostCalls = hostCalls;
  }

  /**
   * Turns bytes that passed the magic and checksum checks into a compiled module.
   *
   * <p>Chicory's validator is one method too large for the JIT, so it runs interpreted: about as
   * long as compiling a small module. A module seen before (its compiled classes are on disk,
   * written only after it passed validation) is not validated again.
   *
   * @throws InvalidConfigurationException with the parser's, validator's or compiler's reason
   */
  CompiledModule compile(byte[] bytes, String sha256) {
    long start = System.nanoTime();
    VectorBounds.check(bytes);
    if (engine == WasmEngine.INTERPRETER) {
      WasmModule module = validated(bytes, sha256);
      return finish(sha256, module, checked(module), InterpreterMachine::new, start);
    }
    Optional<CompiledModule> known = fromCodeCache(bytes, sha256, start);
    if (known.isPresent()) {
      return known.get();
    }
    WasmModule module = validated(bytes, sha256);
    Checked checked = checked(module); // a module refused here is not compiled
    Function<Instance, Machine> machineFactory =
        untrusted("compiled", () -> machineFactory(module));
    return finish(sha256, module, checked, machineFactory, start);
  }

  /**
   * The module whose compiled classes a previous run stored, parsed without validation; empty when
   * there is no entry or it cannot be loaded (then it is dropped, and the caller compiles afresh).
   */
  private Optional<CompiledModule> fromCodeCache(byte[] bytes, String sha256, long start) {
    if (codeCache.isEmpty()) {
      return Optional.empty();
    }
    byte[] entry = codeCache.get().get(ModuleParser.digest(sha256));
    if (entry == null) {
      return Optional.empty();
    }
    WasmModule module = parse(bytes, sha256, false);
    Checked checked = checked(module);
    Function<Instance, Machine> machineFactory;
    try {
      // Exactly the entry read above: nothing is compiled or stored for a module not validated.
      machineFactory = CompiledClasses.load(module, entry);
    } catch (RuntimeException | LinkageError e) {
      // A damaged entry must not make a good module fail: drop it, validate and compile afresh,
      // and store the new entry.
      LOG.warn("compiled-module cache entry for {} unusable; compiling", module.digest(), e);
      codeCache.get().evict(module.digest());
      return Optional.empty();
    }
    return Optional.of(finish(sha256, module, checked, machineFactory, start));
  }

  /** What the checks of a parsed module found: its function exports and its memory. */
  private record Checked(Map<String, FunctionType> exports, Optional<MemoryLimits> memory) {}

  private Checked checked(WasmModule module) {
    Map<String, FunctionType> exports = untrusted("checked", () -> functionExports(module));
    untrusted("checked", () -> ImportCheck.check(module, hostCalls));
    return new Checked(exports, untrusted("checked", () -> memory(module)));
  }

  private static CompiledModule finish(
      String sha256,
      WasmModule module,
      Checked checked,
      Function<Instance, Machine> machineFactory,
      long start) {
    return new CompiledModule(
        sha256,
        module,
        machineFactory,
        checked.exports(),
        checked.memory(),
        System.nanoTime() - start,
        ModuleFootprint.estimate(module));
  }

  private WasmModule validated(byte[] bytes, String sha256) {
    validations.increment();
    return parse(bytes, sha256, true);
  }

  private static WasmModule parse(byte[] bytes, String sha256, boolean validate) {
    try {
      return untrusted("parsed", () -> ModuleParser.parse(bytes, sha256, validate));
    } catch (MalformedException e) {
      throw new InvalidConfigurationException("WASM module is malformed: " + e.getMessage(), e);
    } catch (InvalidException e) {
      throw new InvalidConfigurationException("WASM module is invalid: " + e.getMessage(), e);
    }
  }

  private Function<Instance, Machine> machineFactory(WasmModule module) {
    try {
      return compiled(module, Set.of());
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      return withInterpreterFallback(module, e);
    }
  }

  /**
   * A valid module the compiler failed on still runs: the functions it cannot take run in the
   * interpreter (slower, but correct and stopped at deadlines like compiled code), or the whole
   * module does when no such functions are found.
   */
  private Function<Instance, Machine> withInterpreterFallback(
      WasmModule module, Throwable failure) {
    int imports =
        (int) module.importSection().stream().filter(FunctionImport.class::isInstance).count();
    InterpretedFunctionSearch search =
        new InterpretedFunctionSearch(
            imports,
            imports + module.functionSection().functionCount(),
            interpreted -> compilesWith(module, interpreted));
    Optional<Set<Integer>> functions = search.functionsToInterpret(failure);
    if (functions.isPresent()) {
      LOG.warn(
          "module {}: the compiler cannot take functions {} ({}); they run in the interpreter",
          module.digest(),
          functions.get(),
          failure.toString());
      fallbacks.functions(functions.get().size());
      return compiled(module, functions.get());
    }
    LOG.warn(
        "module {}: the compiler failed ({}) and no functions to set apart were found in {}"
            + " compiles; the whole module runs in the interpreter",
        module.digest(),
        failure.toString(),
        search.attempts());
    fallbacks.wholeModule();
    return InterpreterMachine::new;
  }

  private static boolean compilesWith(WasmModule module, Set<Integer> interpreted) {
    try {
      CompiledClasses.generate(module, interpreted);
      return true;
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      return false;
    }
  }

  // The module is valid here: its classes may go to the disk, where a restarted node trusts them.
  private Function<Instance, Machine> compiled(WasmModule module, Set<Integer> interpreted) {
    ClassLoadingCollector classes = CompiledClasses.generate(module, interpreted);
    if (codeCache.isPresent() && module.digest() != null) {
      codeCache.get().putIfAbsent(module.digest(), CompiledClasses.jar(classes));
    }
    return CompiledClasses.factory(module, classes);
  }

  /** Modules parsed with validation; for tests and metrics. */
  long validations() {
    return validations.sum();
  }

  /** How often the compiler needed the interpreter's help; for metrics. */
  FallbackCounts fallbacks() {
    return fallbacks;
  }

  private static Map<String, FunctionType> functionExports(WasmModule module) {
    List<FunctionImport> imported =
        module.importSection().stream()
            .filter(FunctionImport.class::isInstance)
            .map(FunctionImport.class::cast)
            .toList();
    int functionCount = imported.size() + module.functionSection().functionCount();
    Map<String, FunctionType> exports = new LinkedHashMap<>();
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export export = module.exportSection().getExport(i);
      if (export.exportType() != ExternalType.FUNCTION) {
        continue;
      }
      int index = export.index();
      if (index < 0 || index >= functionCount) {
        throw new InvalidConfigurationException(
            "WASM module exports '" + export.name() + "' as unknown function " + index);
      }
      int typeIndex =
          index < imported.size()
              ? imported.get(index).typeIndex()
              : module.functionSection().getFunctionType(index - imported.size());
      exports.put(export.name(), ImportCheck.type(module, typeIndex));
    }
    return Collections.unmodifiableMap(exports);
  }

  private static Optional<MemoryLimits> memory(WasmModule module) {
    return module
        .memorySection()
        .filter(section -> section.memoryCount() > 0)
        .map(section -> section.getMemory(0).limits());
  }

  /**
   * Runs one step on an untrusted module; Chicory's own exceptions and our InvalidConfiguration
   * pass through, anything else becomes InvalidConfiguration saying the module cannot be {@code
   * done}.
   */
  private static <T> T untrusted(String done, Supplier<T> step) {
    try {
      return step.get();
    } catch (MalformedException | InvalidException | SpearException e) {
      throw e;
    } catch (ChicoryException e) {
      throw new InvalidConfigurationException(
          "WASM module cannot be " + done + ": " + e.getMessage(), e);
    } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
      LOG.warn("WASM module cannot be {}: the engine failed unexpectedly", done, e);
      // Words, not the exception's name: the caller cannot act on a Java class name.
      throw new InvalidConfigurationException(
          "WASM module cannot be "
              + done
              + ": the engine failed on its contents (a malformed or unusual module; the node's"
              + " log has details)",
          e);
    }
  }

  private static void untrusted(String done, Runnable step) {
    untrusted(
        done,
        () -> {
          step.run();
          return null;
        });
  }
}
