package io.spear.runtime.wasm.wasi;

import com.dylibso.chicory.log.Logger;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Arrays;
import java.util.List;

/**
 * WASI preview 1 for one guest instance: Chicory's implementation, with our versions of the
 * functions whose semantics it lacks (see {@link DescriptorOverrides} and {@link PathOverrides})
 * and rights the guest narrowed enforced ({@link RightsGates}). The official WASI testsuite's
 * preview 1 tests pass through it (Chicory alone leaves seven of them failing on a host directory).
 */
public final class SpearWasi implements AutoCloseable {

  private static final String MODULE = "wasi_snapshot_preview1";

  private final WasiPreview1 chicory;
  private final DescriptorOverrides descriptorOverrides;
  private final PathOverrides pathOverrides;
  private final RightsGates gates;

  private SpearWasi(WasiPreview1 chicory, WasiOptions options) {
    this.chicory = chicory;
    Descriptors fds = new Descriptors(options.directories().values());
    Probe probe = new Probe(chicory);
    this.descriptorOverrides = new DescriptorOverrides(fds, probe);
    this.pathOverrides = new PathOverrides(fds, probe, options.clock());
    this.gates = new RightsGates(fds);
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
   * module imports a few of the forty-odd, and making only those is part of what keeps an
   * instantiation cheap (Chicory's own list makes all of them, with their types, every time).
   */
  public HostFunction[] toHostFunctions(int[] positions) {
    HostFunction[] functions = new HostFunction[positions.length];
    for (int i = 0; i < positions.length; i++) {
      String name = Names.NAMES.get(positions[i]);
      functions[i] = new HostFunction(MODULE, name, Names.TYPES.get(positions[i]), handle(name));
    }
    return functions;
  }

  private WasmFunctionHandle handle(String name) {
    ChicoryCalls.Call call = ChicoryCalls.of(name);
    WasmFunctionHandle handle = (instance, args) -> call.apply(chicory, instance, args);
    WasiOverride override = descriptorOverrides.find(name);
    if (override == null) {
      override = pathOverrides.find(name);
    }
    if (override != null) {
      WasmFunctionHandle chicoryHandle = handle;
      WasiOverride ours = override;
      handle = (instance, args) -> ours.apply(instance, args, chicoryHandle);
    }
    return gates.around(name, handle);
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
