package io.spear.runtime.wasm.wasi;

import com.dylibso.chicory.log.Logger;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.util.HashMap;
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
    Map<String, WasiOverride> overrides = new HashMap<>();
    new DescriptorOverrides(fds, probe).register(overrides);
    new PathOverrides(fds, probe, options.clock()).register(overrides);
    RightsGates gates = new RightsGates(fds);
    HostFunction[] functions = chicory.toHostFunctions();
    for (int i = 0; i < functions.length; i++) {
      HostFunction original = functions[i];
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

  @Override
  public void close() {
    chicory.close();
  }
}
