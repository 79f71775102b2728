package io.spear.runtime.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.runtime.WasmEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parses, validates, checks the imports of and compiles module bytes. */
final class ModuleCompiler {

  private static final Logger LOG = LoggerFactory.getLogger(ModuleCompiler.class);

  private final WasmEngine engine;

  ModuleCompiler(WasmEngine engine) {
    this.engine = engine;
  }

  /**
   * Turns bytes that passed the magic and checksum checks into a compiled module.
   *
   * @throws InvalidConfigurationException with the parser's, validator's or compiler's reason
   */
  CompiledModule compile(byte[] bytes, String sha256) {
    long start = System.nanoTime();
    WasmModule module = parse(bytes);
    ImportCheck.check(module);
    Function<Instance, Machine> machineFactory = machineFactory(module, sha256);
    return new CompiledModule(
        sha256,
        module,
        machineFactory,
        functionExports(module),
        memory(module),
        System.nanoTime() - start);
  }

  private static WasmModule parse(byte[] bytes) {
    try {
      return Parser.parse(bytes);
    } catch (MalformedException e) {
      throw new InvalidConfigurationException("WASM module is malformed: " + e.getMessage(), e);
    } catch (InvalidException e) {
      throw new InvalidConfigurationException("WASM module is invalid: " + e.getMessage(), e);
    } catch (ChicoryException e) {
      throw new InvalidConfigurationException("WASM module cannot be parsed: " + e.getMessage(), e);
    } catch (RuntimeException | StackOverflowError e) {
      // Untrusted bytes may hit a parser corner that fails with a plain Java exception; the
      // module is unusable all the same, and nothing but InvalidConfiguration may escape.
      LOG.warn("parser failed on a module with an unexpected error", e);
      throw new InvalidConfigurationException("WASM module cannot be parsed: " + e, e);
    }
  }

  private Function<Instance, Machine> machineFactory(WasmModule module, String sha256) {
    if (engine == WasmEngine.INTERPRETER) {
      return InterpreterMachine::new;
    }
    try {
      return MachineFactoryCompiler.compile(module);
    } catch (ChicoryException e) {
      throw new InvalidConfigurationException(
          "WASM module cannot be compiled: " + e.getMessage(), e);
    } catch (RuntimeException | LinkageError e) {
      // The compiler generates JVM classes from untrusted code; if that fails, the module cannot
      // run here, which is a configuration failure of this task and not of the node.
      LOG.warn("compiler failed on module {}", sha256, e);
      throw new InvalidConfigurationException("WASM module cannot be compiled: " + e, e);
    }
  }

  private static Map<String, FunctionType> functionExports(WasmModule module) {
    List<FunctionImport> imported = new ArrayList<>();
    module.importSection().stream()
        .filter(FunctionImport.class::isInstance)
        .forEach(i -> imported.add((FunctionImport) i));
    Map<String, FunctionType> exports = new LinkedHashMap<>();
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export export = module.exportSection().getExport(i);
      if (export.exportType() != ExternalType.FUNCTION) {
        continue;
      }
      int index = export.index();
      int typeIndex =
          index < imported.size()
              ? imported.get(index).typeIndex()
              : module.functionSection().getFunctionType(index - imported.size());
      exports.put(export.name(), module.typeSection().getType(typeIndex));
    }
    return Collections.unmodifiableMap(exports);
  }

  private static Optional<MemoryLimits> memory(WasmModule module) {
    return module
        .memorySection()
        .filter(section -> section.memoryCount() > 0)
        .map(section -> section.getMemory(0).limits());
  }
}
