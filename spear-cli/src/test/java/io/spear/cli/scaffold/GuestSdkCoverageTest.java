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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Rust and AssemblyScript SDKs wrap every host call: a guest using every wrapper, built with
 * the templates' own build scripts, imports exactly the calls the runtime registers, with their
 * types (and the Rust crate compiles without warnings).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GuestSdkCoverageTest {

  @TempDir Path dir;

  @Test
  void aRustGuestUsingEveryWrapperImportsEveryRegisteredHostCall() throws Exception {
    GuestToolchains.requireRust(dir);
    Path project = dir.resolve("every");
    Scaffolder.write("every", GuestTemplate.RUST_HELLO, project);
    Files.write(project.resolve("src/main.rs"), resource("/sdk/every_call.rs"));

    Clang.Result build =
        Clang.run(project, List.of("sh", "-c", "RUSTFLAGS='-D warnings' sh build.sh"));

    assertThat(build.exitCode()).as(build.output()).isZero();
    assertThat(spearImports(project.resolve("build/every.wasm")))
        .isEqualTo(GuestAbiDriftTest.wasmTypes());
  }

  @Test
  void anAssemblyScriptGuestUsingEveryWrapperImportsEveryRegisteredHostCall() throws Exception {
    GuestToolchains.requireAssemblyScript();
    Path project = dir.resolve("every");
    Scaffolder.write("every", GuestTemplate.AS_HELLO, project);
    Files.write(project.resolve("main.ts"), resource("/sdk/every_call.ts"));

    Clang.Result build = Clang.run(project, List.of("sh", "build.sh"));

    assertThat(build.exitCode()).as(build.output()).isZero();
    assertThat(spearImports(project.resolve("build/every.wasm")))
        .isEqualTo(GuestAbiDriftTest.wasmTypes());
  }

  private static byte[] resource(String name) throws Exception {
    try (var in = GuestSdkCoverageTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static Map<String, FunctionType> spearImports(Path wasm) {
    WasmModule module = Parser.parse(wasm);
    Map<String, FunctionType> imported = new HashMap<>();
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import entry = module.importSection().getImport(i);
      if (entry.module().equals(HostCall.SPEAR) && entry instanceof FunctionImport function) {
        imported.put(entry.name(), module.typeSection().getType(function.typeIndex()));
      }
    }
    return imported;
  }
}
