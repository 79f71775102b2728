package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.InstanceState;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.artifact.ModuleChecks;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Everything wrong with a module or its configuration fails at creation, with a clear reason. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CreationValidationTest {

  private static WasmRuntime runtime;

  @BeforeAll
  static void startRuntime() {
    runtime = Guests.runtime();
  }

  @AfterAll
  static void closeRuntime() {
    runtime.close();
  }

  private static InvalidConfigurationException creationFailure(InstanceConfig config) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> runtime.createInstance(config));
    assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
    InvalidConfigurationException e = (InvalidConfigurationException) thrown;
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    assertThat(e.kind()).isEqualTo("InvalidConfiguration");
    return e;
  }

  private static InstanceConfig bytes(byte[] module) {
    return InstanceConfig.builder("task", Guests.executable("m.wasm"))
        .withModuleBytes(module)
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"empty.bin", "garbage.bin", "wrong_magic.bin"})
  void bytesWithoutTheWasmMagicFailWithInvalidWasmModuleFormat(String fixture) {
    assertThat(creationFailure(bytes(Corpus.bytes(fixture))))
        .hasMessage("Invalid WASM module format");
  }

  @Test
  void fewerBytesThanTheMagicFailWithInvalidWasmModuleFormat() {
    assertThat(creationFailure(bytes(new byte[] {0x00, 0x61, 0x73})))
        .hasMessage("Invalid WASM module format");
  }

  @ParameterizedTest
  @ValueSource(strings = {"truncated.bin", "magic_then_garbage.bin"})
  void bytesThatStartRightButDoNotParseFailWithTheParsersReason(String fixture) {
    InvalidConfigurationException e = creationFailure(bytes(Corpus.bytes(fixture)));
    assertThat(e.getMessage())
        .isNotEqualTo("Invalid WASM module format")
        .startsWith("WASM module is malformed: ");
    assertThat(e.getMessage().length()).isGreaterThan("WASM module is malformed: ".length());
  }

  @Test
  void moduleThatFailsValidationFailsWithTheValidatorsReason() {
    InvalidConfigurationException e =
        creationFailure(Guests.config("invalid_type.wat.wasm").build());
    assertThat(e.getMessage()).startsWith("WASM module is invalid: ").contains("type mismatch");
  }

  @Test
  void moduleWithWrongChecksumFailsAtCreationNamingBothDigests() {
    byte[] module = Corpus.bytes("hello.c.wasm");
    String actual = ModuleChecks.sha256Hex(module);
    String declared = "0".repeat(64);
    Executable executable =
        new Executable(ExecutableType.WASM, "", "hello", declared, List.of(), Map.of());
    InvalidConfigurationException e =
        creationFailure(InstanceConfig.builder("t", executable).withModuleBytes(module).build());
    assertThat(e.getMessage()).contains(declared).contains(actual);
  }

  @Test
  void declaredChecksumMatchesIgnoringCase() {
    byte[] module = Corpus.bytes("hello.c.wasm");
    String declared = ModuleChecks.sha256Hex(module).toUpperCase(Locale.ROOT);
    Executable executable =
        new Executable(ExecutableType.WASM, "", "hello", declared, List.of(), Map.of());
    TaskInstance instance =
        runtime.createInstance(
            InstanceConfig.builder("t", executable).withModuleBytes(module).build());
    assertThat(instance.state()).isEqualTo(InstanceState.READY);
  }

  @Test
  void theMagicIsCheckedBeforeTheChecksum() {
    Executable executable =
        new Executable(ExecutableType.WASM, "", "x", "0".repeat(64), List.of(), Map.of());
    InstanceConfig config =
        InstanceConfig.builder("t", executable)
            .withModuleBytes(Corpus.bytes("garbage.bin"))
            .build();
    assertThat(creationFailure(config)).hasMessage("Invalid WASM module format");
  }

  @Test
  void moduleImportingASpearFunctionWeDoNotProvideFailsAtCreationNamingIt() {
    assertThat(creationFailure(Guests.config("spear_missing_import.wat.wasm").build()))
        .hasMessageContaining("spear.no_such_call")
        .hasMessageContaining("does not provide");
  }

  @Test
  void moduleImportingFromAnUnknownModuleFailsAtCreationNamingTheImport() {
    assertThat(creationFailure(Guests.config("unknown_import_module.wat.wasm").build()))
        .hasMessageContaining("env.host_thing");
  }

  @Test
  void moduleImportingASpearFunctionWithTheWrongTypeFailsAtCreation() {
    assertThat(creationFailure(Guests.config("spear_wrong_signature.wat.wasm").build()))
        .hasMessageContaining("spear.time_now_ms");
  }

  @Test
  void moduleNeedingMoreInitialMemoryThanTheTaskLimitFailsAtCreation() {
    assertThat(creationFailure(Guests.config("huge_initial_memory.wat.wasm").build()))
        .hasMessageContaining("8192 pages")
        .hasMessageContaining("memory limit");
  }

  @Test
  void dataSegmentOutsideMemoryFailsAtCreationNotAtExecution() {
    assertThat(creationFailure(Guests.config("data_out_of_bounds.wat.wasm").build()))
        .hasMessageStartingWith("WASM module cannot be instantiated: ");
  }

  @Test
  void creationNeverRunsGuestCodeEvenAStartSection() {
    TaskInstance instance = runtime.createInstance(Guests.config("start_loop.wat.wasm").build());
    assertThat(instance.state()).isEqualTo(InstanceState.READY);
  }

  @Test
  void moduleBytesMayArriveAsBase64() {
    String base64 = Base64.getEncoder().encodeToString(Corpus.bytes("hello.c.wasm"));
    InstanceConfig config =
        InstanceConfig.builder("t", Guests.executable("hello"))
            .withRuntimeConfig(InstanceConfig.MODULE_BYTES, base64)
            .build();
    assertThat(runtime.createInstance(config).state()).isEqualTo(InstanceState.READY);
  }

  @Test
  void moduleBytesThatAreNotBase64FailAtCreation() {
    InstanceConfig config =
        InstanceConfig.builder("t", Guests.executable("hello"))
            .withRuntimeConfig(InstanceConfig.MODULE_BYTES, "not base64 !!")
            .build();
    assertThat(creationFailure(config)).hasMessageContaining("base64");
  }

  @Test
  void moduleBytesOfAnotherTypeFailAtCreation() {
    InstanceConfig config =
        InstanceConfig.builder("t", Guests.executable("hello"))
            .withRuntimeConfig(InstanceConfig.MODULE_BYTES, 42)
            .build();
    assertThat(creationFailure(config)).hasMessageContaining("module_bytes");
  }

  @Test
  void moduleBytesTakePrecedenceOverTheUri() {
    Executable executable =
        new Executable(ExecutableType.WASM, "ftp://elsewhere/x", "hello", "", List.of(), Map.of());
    InstanceConfig config =
        InstanceConfig.builder("t", executable)
            .withModuleBytes(Corpus.bytes("hello.c.wasm"))
            .build();
    assertThat(runtime.createInstance(config).state()).isEqualTo(InstanceState.READY);
  }

  @Test
  void neitherModuleBytesNorUriFailsAtCreation() {
    InstanceConfig config = InstanceConfig.builder("t", Guests.executable("hello")).build();
    assertThat(creationFailure(config)).hasMessageContaining("No WASM module");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/m.wasm", "file:///tmp/m.wasm", "s3://bucket/m"})
  void anotherUriSchemeFailsNamingTheScheme(String uri) {
    Executable executable = new Executable(ExecutableType.WASM, uri, "m", "", List.of(), Map.of());
    String scheme = uri.substring(0, uri.indexOf(':'));
    assertThat(creationFailure(InstanceConfig.builder("t", executable).build()))
        .hasMessage("Unsupported artifact URI scheme: " + scheme);
  }

  @Test
  void moduleLargerThanTheNodeCapFailsAtCreation() {
    try (WasmRuntime small = Guests.runtime(Guests.NODE.withMaxModuleBytes(1024))) {
      Throwable thrown =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> small.createInstance(Guests.config("hello.c.wasm").build()));
      assertThat(thrown)
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("larger than the limit of 1024 bytes");
    }
  }

  @Test
  void memoryLimitThatIsNotANumberFailsAtCreation() {
    InstanceConfig config =
        Guests.config("hello.c.wasm")
            .withTaskConfig(InstanceConfig.MEMORY_LIMIT_BYTES, "lots")
            .build();
    assertThat(creationFailure(config)).hasMessageContaining(InstanceConfig.MEMORY_LIMIT_BYTES);
  }

  @Test
  void preopenedDirectoryThatDoesNotExistFailsAtCreation(@TempDir Path dir) {
    InstanceConfig config =
        Guests.config("cat_file.c.wasm")
            .withTaskConfig(InstanceConfig.WASI_PREOPEN, "/data=" + dir.resolve("missing"))
            .build();
    assertThat(creationFailure(config)).hasMessageContaining(InstanceConfig.WASI_PREOPEN);
  }

  @Test
  void everyWellFormedCorpusGuestCreates() {
    List<String> meantToFail =
        List.of(
            "invalid_type.wat.wasm",
            "spear_missing_import.wat.wasm",
            "unknown_import_module.wat.wasm",
            "spear_wrong_signature.wat.wasm",
            "huge_initial_memory.wat.wasm",
            "data_out_of_bounds.wat.wasm");
    // Their families live in spear-streams, spear-ai, spear-host (kv needs SMS) and
    // spear-host-http; HostFamiliesTest creates them on a node's.
    List<String> otherFamilies =
        List.of(
            "chat_probe.c.wasm",
            "media_probe.c.wasm",
            "streams_probe.c.wasm",
            "kv_counter.c.wasm",
            "http_probe.c.wasm");
    for (String fixture : Corpus.wasmNames()) {
      if (meantToFail.contains(fixture) || otherFamilies.contains(fixture)) {
        continue;
      }
      assertThat(runtime.createInstance(Guests.config(fixture).build()).state())
          .as(fixture)
          .isEqualTo(InstanceState.READY);
    }
  }

  @Test
  void sameModuleIsCompiledOnceAndShared() {
    try (WasmRuntime fresh = Guests.runtime()) {
      for (int i = 0; i < 5; i++) {
        fresh.createInstance(Guests.config("echo_upper.c.wasm").build());
      }
      fresh.createInstance(Guests.config("hello.c.wasm").build());
      assertThat(fresh.moduleCacheMisses()).isEqualTo(2);
      assertThat(fresh.moduleCacheHits()).isEqualTo(4);
    }
  }
}
