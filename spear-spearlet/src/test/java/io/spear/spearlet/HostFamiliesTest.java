package io.spear.spearlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.InstanceState;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.host.GuestAbi;
import io.spear.runtime.host.HostFamily;
import io.spear.runtime.wasm.WasmRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The families a node offers: every corpus guest links against them, each call once. */
class HostFamiliesTest {

  private static final List<String> MEANT_TO_FAIL =
      List.of(
          "invalid_type.wat.wasm",
          "spear_missing_import.wat.wasm",
          "unknown_import_module.wat.wasm",
          "spear_wrong_signature.wat.wasm",
          "huge_initial_memory.wat.wasm",
          "data_out_of_bounds.wat.wasm");

  @Test
  void everyWellFormedCorpusGuestCreatesOnANodesFamilies() {
    try (WasmRuntime runtime =
        new WasmRuntime(
            RuntimeConfig.of(SpearletConfig.defaults())
                .withFamilies(HostFamilies.withoutServices()))) {
      for (String fixture : Corpus.wasmNames()) {
        if (MEANT_TO_FAIL.contains(fixture)) {
          continue;
        }
        Executable executable =
            new Executable(ExecutableType.WASM, "", fixture, "", List.of(), Map.of());
        InstanceConfig config =
            InstanceConfig.builder("task", executable)
                .withModuleBytes(Corpus.bytes(fixture))
                .build();
        assertThat(runtime.createInstance(config).state())
            .as(fixture)
            .isEqualTo(InstanceState.READY);
      }
    }
  }

  @Test
  void theGuestAbiListsEveryCallOfEveryFamilyOnceInFamilyOrder() {
    List<HostFamily<?>> families = HostFamilies.withoutServices();
    List<String> declared =
        families.stream().flatMap(f -> f.calls().stream()).map(c -> c.name()).toList();
    GuestAbi abi = HostFamilies.abi();

    assertThat(abi.calls().stream().map(GuestAbi.Call::name).toList())
        .isEqualTo(declared)
        .doesNotHaveDuplicates();
    assertThat(abi.calls().stream().map(GuestAbi.Call::family).distinct().toList())
        .containsExactly("core", "chat", "epoll", "stream", "rtasr", "mic", "kv", "http");
  }
}
