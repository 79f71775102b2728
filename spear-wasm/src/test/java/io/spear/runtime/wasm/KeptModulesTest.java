package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spear.corpus.Corpus;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.artifact.ModuleChecks;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node keeps the modules it downloaded, without their custom sections, beside its compiled-code
 * cache, so that after a restart it runs a task it knows without downloading its module again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeptModulesTest {

  @TempDir Path smsData;
  @TempDir Path cache;

  private SmsServer sms;

  @BeforeEach
  void startSms() {
    sms =
        SmsServer.start(
            SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(smsData));
  }

  @AfterEach
  void stopSms() {
    sms.close();
  }

  @Test
  void aRestartedNodeRunsAKnownModuleFromDiskWithoutDownloadingIt() throws IOException {
    byte[] module = withCustomSection(Corpus.bytes("hello.c.wasm"), 64 * 1024);
    String uri = upload(module);
    String address = sms.httpAddr();
    assertThat(hello(runtime(address), uri)).contains("argv[1]=kept");
    sms.close(); // nothing to download from any more

    assertThat(hello(runtime(address), uri)).contains("argv[1]=kept");
    assertThat(keptModules()).hasSize(1);
    byte[] kept = Files.readAllBytes(keptModules().get(0));
    assertThat(kept).isEqualTo(ModuleParser.withoutCustomSections(module));
    assertThat(kept.length).isLessThan(module.length - 64 * 1024);
  }

  @Test
  void aDamagedKeptModuleIsDownloadedAgainAndKeptAgain() throws IOException {
    String uri = upload(withCustomSection(Corpus.bytes("hello.c.wasm"), 1024));
    hello(runtime(sms.httpAddr()), uri);
    Path kept = keptModules().get(0);
    byte[] good = Files.readAllBytes(kept);
    byte[] damaged = good.clone();
    damaged[damaged.length - 1] ^= 1;
    Files.write(kept, damaged);

    assertThat(hello(runtime(sms.httpAddr()), uri)).contains("argv[1]=kept");
    assertThat(Files.readAllBytes(kept)).isEqualTo(good);
  }

  @Test
  void aTaskNamingAnotherFileRunsThatFileNotTheKeptModule() {
    String hello = upload(Corpus.bytes("hello.c.wasm"));
    hello(runtime(sms.httpAddr()), hello);
    String upper = upload(Corpus.bytes("echo_upper.c.wasm"));

    try (WasmRuntime restarted = runtime(sms.httpAddr())) {
      ExecutionOutcome outcome =
          Guests.run(restarted, Guests.started(restarted, task(upper, "")), "changed");
      assertThat(outcome.output().stdoutText()).isEqualTo("CHANGED");
    }
  }

  @Test
  void aKeptModuleIsStillCheckedAgainstTheTasksDeclaredChecksum() {
    byte[] module = Corpus.bytes("hello.c.wasm");
    String uri = upload(module);
    hello(runtime(sms.httpAddr()), uri);

    String wrong = "ab".repeat(32);
    try (WasmRuntime restarted = runtime(sms.httpAddr())) {
      assertThat(catchThrowable(() -> restarted.createInstance(task(uri, wrong))))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining(wrong)
          .hasMessageContaining(ModuleChecks.sha256Hex(module));
    }
  }

  @Test
  void aModuleGivenInlineIsNotKept() throws IOException {
    try (WasmRuntime runtime = runtime(sms.httpAddr())) {
      Guests.run(runtime, Guests.started(runtime, "hello.c.wasm", "inline"));
    }
    assertThat(keptModules()).isEmpty();
  }

  private WasmRuntime runtime(String smsAddress) {
    return new WasmRuntime(
        Guests.config(Guests.NODE.withSmsHttpAddr(smsAddress)).withCompiledCodeCache(cache));
  }

  /** Runs hello from {@code uri} once in {@code runtime}, then closes it (the node stops). */
  private static String hello(WasmRuntime runtime, String uri) {
    try (runtime) {
      ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, task(uri, "")));
      assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
      return outcome.output().stdoutText();
    }
  }

  private static InstanceConfig task(String uri, String checksum) {
    return InstanceConfig.builder(
            "task-" + uri.hashCode(),
            new Executable(
                ExecutableType.WASM, uri, "guest.wasm", checksum, List.of("kept"), Map.of()))
        .build();
  }

  private String upload(byte[] module) {
    HttpTestClient.Answer answer =
        new HttpTestClient(sms.port())
            .post("/api/v1/files", module, Map.of("X-File-Name", "guest.wasm"));
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json().get("uri").asText();
  }

  private List<Path> keptModules() throws IOException {
    try (Stream<Path> files = Files.walk(cache)) {
      return files.filter(p -> p.toString().endsWith(".wasm")).toList();
    }
  }

  /** The module with a custom section of {@code size} bytes appended, as debug info would be. */
  private static byte[] withCustomSection(byte[] module, int size) {
    byte[] name = "debug".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(module);
    out.write(0);
    leb(out, 1 + name.length + size);
    out.write(name.length);
    out.writeBytes(name);
    out.writeBytes(new byte[size]);
    return out.toByteArray();
  }

  private static void leb(ByteArrayOutputStream out, int value) {
    do {
      int b = value & 0x7f;
      value >>>= 7;
      out.write(value == 0 ? b : b | 0x80);
    } while (value != 0);
  }
}
