package io.spear.runtime.wasm.wasi;

import com.dylibso.chicory.log.Logger;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WASI preview 1 for one guest instance: Chicory's implementation, with our versions of the
 * functions whose semantics it lacks (see {@link DescriptorOverrides} and {@link PathOverrides})
 * and rights the guest narrowed enforced ({@link RightsGates}). The official WASI testsuite's
 * preview 1 tests pass through it (Chicory alone leaves seven of them failing on a host directory).
 */
public final class SpearWasi implements AutoCloseable {

  private final WasiPreview1 chicory;
  private final Descriptors fds;
  private final Probe probe;
  private final WasiOptions options;

  private SpearWasi(WasiPreview1 chicory, WasiOptions options) {
    this.chicory = chicory;
    this.options = options;
    this.fds = new Descriptors(options.directories().values());
    this.probe = new Probe(chicory);
  }

  /** WASI with these options, Chicory logging to {@code logger}. */
  public static SpearWasi create(WasiOptions options, Logger logger) {
    return new SpearWasi(
        WasiPreview1.builder().withLogger(logger).withOptions(options).build(), options);
  }

  /** The {@code wasi_snapshot_preview1} host functions, to import into one instance. */
  public HostFunction[] toHostFunctions() {
    int[] all = new int[functionNames().size()];
    Arrays.setAll(all, i -> i);
    return toHostFunctions(all);
  }

  /**
   * Only the host functions at these positions of {@link #functionNames()}, in the order given: a
   * module imports a few of the forty-odd, and wrapping only those is part of what keeps an
   * instantiation cheap.
   */
  public HostFunction[] toHostFunctions(int[] positions) {
    Map<String, WasiOverride> overrides = new HashMap<>();
    new DescriptorOverrides(fds, probe).register(overrides);
    new PathOverrides(fds, probe, options.clock()).register(overrides);
    RightsGates gates = new RightsGates(fds);
    HostFunction[] all = chicory.toHostFunctions();
    HostFunction[] functions = new HostFunction[positions.length];
    for (int i = 0; i < positions.length; i++) {
      HostFunction original = all[positions[i]];
      WasmFunctionHandle handle = original.handle();
      WasiOverride override = overrides.get(original.name());
      if (override != null) {
        WasmFunctionHandle chicoryHandle = handle;
        handle = (instance, args) -> override.apply(instance, args, chicoryHandle);
      }
      functions[i] =
          new HostFunction(
              original.module(),
              original.name(),
              original.functionType(),
              gates.around(original.name(), handle));
    }
    return functions;
  }

  /** The names of the WASI functions, in the order {@link #toHostFunctions(int[])} indexes them. */
  public static List<String> functionNames() {
    return Names.NAMES;
  }

  /** Their types, in the same order. */
  public static List<FunctionType> functionTypes() {
    return Names.TYPES;
  }

  // Chicory generates the list in a fixed order; one throwaway instance tells it once.
  private static final class Names {
    private static final List<String> NAMES;
    private static final List<FunctionType> TYPES;

    static {
      try (WasiPreview1 wasi =
          WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build()) {
        HostFunction[] functions = wasi.toHostFunctions();
        NAMES = Arrays.stream(functions).map(HostFunction::name).toList();
        TYPES = Arrays.stream(functions).map(HostFunction::functionType).toList();
      }
    }
  }

  @Override
  public void close() {
    chicory.close();
  }
}
