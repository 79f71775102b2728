package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.model.error.InvalidConfigurationException;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.TaskInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CompiledCodeCacheTest {

  @TempDir Path cache;

  private WasmRuntime runtime() {
    return new WasmRuntime(Guests.config(Guests.NODE).withCompiledCodeCache(cache));
  }

  private static String hello(WasmRuntime runtime) {
    TaskInstance instance = Guests.started(runtime, "hello.c.wasm", "cached");
    ExecutionOutcome outcome = Guests.run(runtime, instance);
    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    return outcome.output().stdoutText();
  }

  private List<Path> entries() throws IOException {
    try (Stream<Path> files = Files.walk(cache)) {
      return files.filter(p -> p.toString().endsWith(".jar")).toList();
    }
  }

  @Test
  void aRestartedRuntimeRunsTheModuleCompiledByTheFirstOne() throws IOException {
    String first;
    try (WasmRuntime runtime = runtime()) {
      first = hello(runtime);
    }
    assertThat(entries()).hasSize(1);
    assertThat(entries().get(0).getParent().getFileName().toString()).startsWith("chicory-");
    try (WasmRuntime restarted = runtime()) {
      assertThat(hello(restarted)).isEqualTo(first).contains("argv[1]=cached");
    }
    assertThat(entries()).hasSize(1);
  }

  @Test
  void aRestartedRuntimeTrustsTheCachedModuleWithoutValidatingItAgain() {
    try (WasmRuntime runtime = runtime()) {
      hello(runtime);
      assertThat(runtime.moduleValidations()).isEqualTo(1);
    }
    try (WasmRuntime restarted = runtime()) {
      hello(restarted);
      assertThat(restarted.moduleValidations()).isZero();
    }
  }

  @Test
  void aModuleTheValidatorRefusesLeavesNoCompiledClassesOnDisk() throws IOException {
    try (WasmRuntime runtime = runtime()) {
      assertThatThrownBy(
              () -> runtime.createInstance(Guests.config("invalid_type.wat.wasm").build()))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("WASM module is invalid: ")
          .hasMessageContaining("type mismatch");
      assertThat(runtime.moduleValidations()).isEqualTo(1);
    }
    assertThat(entries()).isEmpty();
  }

  @Test
  void aDamagedEntryIsReplacedAndTheModuleStillRuns() throws IOException {
    String first;
    try (WasmRuntime runtime = runtime()) {
      first = hello(runtime);
    }
    Path entry = entries().get(0);
    Files.write(entry, new byte[] {1, 2, 3});
    try (WasmRuntime restarted = runtime()) {
      assertThat(hello(restarted)).isEqualTo(first);
      // An entry that does not load vouches for nothing: the module is validated afresh.
      assertThat(restarted.moduleValidations()).isEqualTo(1);
    }
    assertThat(Files.size(entry)).isGreaterThan(3);
  }
}
