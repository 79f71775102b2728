package io.spear.runtime.wasm;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.runtime.wasm.wasi.SpearWasi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that every import of a module is a host function this runtime provides, with the right
 * type, so that a module needing something missing fails at creation, not at execution.
 */
final class ImportCheck {

  static final String WASI_MODULE = "wasi_snapshot_preview1";

  private static final Map<String, FunctionType> WASI = wasiTypes();

  private ImportCheck() {}

  /**
   * Fails with the first import that cannot be satisfied by WASI or by {@code provided} (calls by
   * {@code module + "." + name}).
   */
  static void check(WasmModule module, Map<String, FunctionType> provided) {
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imported = module.importSection().getImport(i);
      String name = imported.module() + "." + imported.name();
      if (!(imported instanceof FunctionImport function)) {
        throw new InvalidConfigurationException(
            "WASM module imports "
                + imported.importType().name().toLowerCase(java.util.Locale.ROOT)
                + " "
                + name
                + "; only host functions can be imported");
      }
      FunctionType offered =
          imported.module().equals(WASI_MODULE)
              ? WASI.get(imported.name())
              : provided.get(imported.module() + "." + imported.name());
      if (offered == null && !providesModule(provided, imported.module())) {
        throw new InvalidConfigurationException(
            "WASM module imports " + name + " from unknown module '" + imported.module() + "'");
      }
      if (offered == null) {
        throw new InvalidConfigurationException(
            "WASM module imports " + name + ", which this runtime does not provide");
      }
      FunctionType wanted = type(module, function.typeIndex());
      if (!offered.equals(wanted)) {
        throw new InvalidConfigurationException(
            "WASM module imports "
                + name
                + " as "
                + wanted
                + " but the runtime provides "
                + offered);
      }
    }
  }

  /** The function type at an index, failing as InvalidConfiguration when there is none. */
  static FunctionType type(WasmModule module, int typeIndex) {
    if (typeIndex < 0 || typeIndex >= module.typeSection().typeCount()) {
      throw new InvalidConfigurationException("WASM module refers to unknown type " + typeIndex);
    }
    return module.typeSection().getType(typeIndex);
  }

  private static boolean providesModule(Map<String, FunctionType> provided, String module) {
    return module.equals(WASI_MODULE)
        || provided.keySet().stream().anyMatch(call -> call.startsWith(module + "."));
  }

  private static Map<String, FunctionType> wasiTypes() {
    Map<String, FunctionType> types = new HashMap<>();
    List<String> names = SpearWasi.functionNames();
    for (int i = 0; i < names.size(); i++) {
      types.put(names.get(i), SpearWasi.functionTypes().get(i));
    }
    return Map.copyOf(types);
  }
}
