package io.spear.cli.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import io.spear.runtime.host.HostCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spear.h}: compiles cleanly and declares exactly the host calls the runtime provides. */
class GuestSdkHeaderTest {

  @TempDir Path dir;

  @Test
  void everyHelperCompilesWithAllWarningsAsErrorsAndEveryHostCallMatchesTheRuntime()
      throws Exception {
    Clang.require(dir);
    Files.write(dir.resolve(GuestSdk.C_HEADER_NAME), GuestSdk.cHeader());
    Files.write(
        dir.resolve("every_call.c"),
        GuestSdk.class.getResourceAsStream("/sdk/every_call.c").readAllBytes());

    Clang.Result build =
        Clang.run(
            dir,
            List.of(
                "clang",
                "--target=wasm32-wasi",
                "-std=c11",
                "-Wall",
                "-Wextra",
                "-pedantic",
                "-Werror",
                "-O2",
                "-Wl,--export-table",
                "-I",
                ".",
                "every_call.c",
                "-o",
                "every_call.wasm"));

    assertThat(build.exitCode()).as(build.output()).isZero();
    WasmModule module = Parser.parse(dir.resolve("every_call.wasm"));
    Map<String, FunctionType> imported = new HashMap<>();
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import entry = module.importSection().getImport(i);
      if (entry.module().equals(HostCall.SPEAR) && entry instanceof FunctionImport function) {
        imported.put(entry.name(), module.typeSection().getType(function.typeIndex()));
      }
    }
    assertThat(imported).isEqualTo(GuestAbiDriftTest.wasmTypes());
  }

  @Test
  void withoutAHeapTheHeaderLeavesOutTheAllocatingHelpersAndStillCompiles() throws Exception {
    Clang.require(dir);
    Files.write(dir.resolve(GuestSdk.C_HEADER_NAME), GuestSdk.cHeader());
    Files.writeString(
        dir.resolve("noheap.c"),
        """
        #define SPEAR_NO_ALLOC
        #include "spear.h"
        int main(void) { return spear_log_str(SPEAR_LOG_INFO, "no heap") == 0 ? 0 : 1; }
        """);

    Clang.Result build =
        Clang.run(
            dir,
            List.of(
                "clang",
                "--target=wasm32-wasi",
                "-Wall",
                "-Werror",
                "-I",
                ".",
                "noheap.c",
                "-o",
                "noheap.wasm"));

    assertThat(build.exitCode()).as(build.output()).isZero();
  }
}
