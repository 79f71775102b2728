package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spear.corpus.Corpus;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.error.RuntimeErrorException;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.ExecutionOutcome.TimedOut;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.InstanceState;
import io.spear.runtime.NodeSecurity;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.artifact.ModuleChecks;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.support.net.BearerToken;
import io.spear.testing.HttpTestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Modules served by a real SMS over HTTP, and downloads that fail. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModuleDownloadTest {

  @TempDir static Path smsData;

  private static SmsServer sms;
  private static HttpTestClient smsClient;
  private static WasmRuntime runtime;

  @BeforeAll
  static void startSmsAndRuntime() {
    sms =
        SmsServer.start(
            SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(smsData));
    smsClient = new HttpTestClient(sms.port());
    runtime = Guests.runtime(Guests.NODE.withSmsHttpAddr(sms.httpAddr()));
  }

  @AfterAll
  static void stopSmsAndRuntime() {
    runtime.close();
    sms.close();
  }

  /** Uploads a fixture and answers its {@code sms+file://<id>} URI. */
  private static String upload(String fixture) {
    HttpTestClient.Answer answer =
        smsClient.post("/api/v1/files", Corpus.bytes(fixture), Map.of("X-File-Name", fixture));
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json().get("uri").asText();
  }

  private static InstanceConfig fromUri(String uri, String... args) {
    return fromUriWithChecksum(uri, "", args);
  }

  private static InstanceConfig fromUriWithChecksum(String uri, String checksum, String... args) {
    Executable executable =
        new Executable(ExecutableType.WASM, uri, "guest.wasm", checksum, List.of(args), Map.of());
    return InstanceConfig.builder("task-from-sms", executable).build();
  }

  @Test
  void moduleUploadedToSmsRunsFromItsSmsFileUri() {
    String uri = upload("echo_upper.c.wasm");
    assertThat(uri).startsWith("sms+file://");
    TaskInstance upper = Guests.started(runtime, fromUri(uri));
    assertThat(Guests.run(runtime, upper, "from sms").output().stdoutText()).isEqualTo("FROM SMS");
  }

  @Test
  void spearsNewerSmsfileSpellingWorksTheSameWay() {
    String uri = upload("hello.c.wasm").replace("sms+file://", "smsfile://");
    ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, fromUri(uri, "x")));
    assertThat(outcome).isInstanceOf(Completed.class);
    assertThat(outcome.output().stdoutText()).contains("argv[0]=guest.wasm\nargv[1]=x\n");
  }

  @Test
  void uriNamingAnotherSmsIsRefusedUnlessTheNodeTrustsIt() {
    String id = upload("hello.c.wasm").substring("sms+file://".length());
    String uri = "sms+file://" + sms.httpAddr() + "/" + id;
    try (WasmRuntime elsewhere = Guests.runtime(Guests.NODE.withSmsHttpAddr("127.0.0.1:9"))) {
      assertThat(catchThrowable(() -> elsewhere.createInstance(fromUri(uri))))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("does not trust")
          .hasMessageContaining(sms.httpAddr());
    }
    try (WasmRuntime trusting =
        new WasmRuntime(
            Guests.config(Guests.NODE.withSmsHttpAddr("127.0.0.1:9"))
                .withSecurity(
                    new NodeSecurity(BearerToken.NONE, List.of(), List.of(sms.httpAddr()))))) {
      assertThat(Guests.run(trusting, Guests.started(trusting, fromUri(uri))))
          .isInstanceOf(Completed.class);
    }
  }

  @Test
  void uriNamingTheNodesOwnSmsNeedsNoTrustList() {
    String id = upload("hello.c.wasm").substring("sms+file://".length());
    String uri = "sms+file://" + sms.httpAddr() + "/" + id;
    assertThat(Guests.run(runtime, Guests.started(runtime, fromUri(uri))))
        .isInstanceOf(Completed.class);
  }

  @Test
  void downloadedModuleIsCheckedAgainstItsDeclaredChecksum() {
    String uri = upload("hello.c.wasm");
    String actual = ModuleChecks.sha256Hex(Corpus.bytes("hello.c.wasm"));
    assertThat(runtime.createInstance(fromUriWithChecksum(uri, actual)).state())
        .isEqualTo(InstanceState.READY);
    String wrong = "ab".repeat(32);
    assertThat(catchThrowable(() -> runtime.createInstance(fromUriWithChecksum(uri, wrong))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(wrong)
        .hasMessageContaining(actual);
  }

  @Test
  void downloadedBytesThatAreNotWasmFailWithInvalidWasmModuleFormat() {
    String uri = upload("garbage.bin");
    assertThat(catchThrowable(() -> runtime.createInstance(fromUri(uri))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("Invalid WASM module format");
  }

  @Test
  void downloadedModuleThatDoesNotParseFailsWithTheParsersReason() {
    String uri = upload("truncated.bin");
    assertThat(catchThrowable(() -> runtime.createInstance(fromUri(uri))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("WASM module is malformed: ");
  }

  @Test
  void unknownFileIdIsARuntimeErrorWithTheStatus() {
    Throwable thrown = catchThrowable(() -> runtime.createInstance(fromUri("sms+file://nope123")));
    assertThat(thrown)
        .isInstanceOf(RuntimeErrorException.class)
        .hasMessage("SMS file download failed: status 404");
    assertThat(((RuntimeErrorException) thrown).code()).isEqualTo(ErrorCode.RUNTIME_ERROR);
  }

  @Test
  void unreachableSmsIsARuntimeErrorWithTheCause() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (WasmRuntime offline =
        Guests.runtime(Guests.NODE.withSmsHttpAddr("127.0.0.1:" + closedPort))) {
      assertThat(catchThrowable(() -> offline.createInstance(fromUri("sms+file://abc"))))
          .isInstanceOf(RuntimeErrorException.class)
          .hasMessageStartingWith("SMS file download failed: ")
          .hasMessageContaining("ConnectException");
    }
  }

  @Test
  void smsThatNeverAnswersIsARuntimeErrorAfterTheDownloadTimeout() throws Exception {
    ServerSocket silent = new ServerSocket(0);
    List<Socket> accepted = new ArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(silent.accept()); // accept, then say nothing
                }
              } catch (IOException closed) {
                // the test is over
              }
            });
    acceptor.start();
    SpearletConfig node =
        Guests.NODE
            .withSmsHttpAddr("127.0.0.1:" + silent.getLocalPort())
            .withDownloadTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300));
    try (WasmRuntime stalled = Guests.runtime(node)) {
      long start = System.nanoTime();
      assertThat(catchThrowable(() -> stalled.createInstance(fromUri("sms+file://abc"))))
          .isInstanceOf(RuntimeErrorException.class)
          .hasMessageContaining("timed out");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
    } finally {
      silent.close();
      acceptor.join(1_000);
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void downloadLargerThanTheCapFailsAtCreation() {
    String uri = upload("hello.c.wasm");
    try (WasmRuntime small =
        Guests.runtime(Guests.NODE.withSmsHttpAddr(sms.httpAddr()).withMaxModuleBytes(4 * 1024))) {
      assertThat(catchThrowable(() -> small.createInstance(fromUri(uri))))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("larger than the limit of 4096 bytes");
    }
  }

  @Test
  void malformedSmsUriFailsAtCreation() {
    assertThat(catchThrowable(() -> runtime.createInstance(fromUri("sms+file://"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("Malformed SMS file URI");
  }

  @Test
  void smsServedModulesObeyTheSameLimits() {
    String uri = upload("infinite_loop.wat.wasm");
    TaskInstance loop = Guests.started(runtime, fromUri(uri));
    assertThat(Guests.runFor(runtime, loop, Duration.ofMillis(100))).isInstanceOf(TimedOut.class);
  }

  @Test
  void smsServedModuleImportingAMissingSpearFunctionFailsAtCreation() {
    String uri = upload("spear_missing_import.wat.wasm");
    assertThat(catchThrowable(() -> runtime.createInstance(fromUri(uri))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("spear.no_such_call");
  }
}
