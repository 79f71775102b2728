package io.spear.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.cli.deploy.Deployer;
import io.spear.cli.deploy.ManifestReader;
import io.spear.client.SmsClient;
import io.spear.corpus.Corpus;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarsTest {

  @TempDir Path dir;

  @Test
  void withoutATerminalNothingIsDrawn() {
    // Surefire's forked JVM has no terminal, like a pipe or a CI job.
    assertThat(ProgressBars.forTerminal()).isSameAs(TransferDisplay.none());
  }

  @Test
  void aBarIsRenderedWithTheTransfersNameAndReachesAHundredPercent() {
    List<String> frames = new CopyOnWriteArrayList<>();
    TransferDisplay display = ProgressBars.rendering(frames::add);

    try (TransferDisplay.Meter meter = display.start("build/app.wasm", 4 * 1024 * 1024)) {
      for (int i = 0; i < 4; i++) {
        meter.accept(1024 * 1024);
      }
    }

    assertThat(frames).isNotEmpty();
    assertThat(frames.getLast())
        .contains("build/app.wasm", "100%", "4096/4096KiB")
        .hasSizeLessThanOrEqualTo(80);
  }

  @Test
  void uploadsReportEveryByteSentAndADeployShowsABarPerUploadedModule() throws Exception {
    try (SmsServer sms =
        SmsServer.start(
            SmsConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withDataDir(dir.resolve("data")))) {
      SmsClient client = new SmsClient("http://127.0.0.1:" + sms.port());
      Path module = Files.write(dir.resolve("fib.wasm"), Corpus.bytes("fib.c.wasm"));
      AtomicLong sent = new AtomicLong();

      client.uploadFile(module, "fib.wasm", Optional.empty(), sent::addAndGet);

      assertThat(sent.get()).isEqualTo(Files.size(module));

      Files.createDirectories(dir.resolve("app/build"));
      Files.write(dir.resolve("app/build/hello.wasm"), Corpus.bytes("hello.c.wasm"));
      Files.writeString(
          dir.resolve("app/spear.toml"),
          """
          app = "bars"
          [[functions]]
          name = "hello"
          module = "build/hello.wasm"
          """);
      List<String> frames = new CopyOnWriteArrayList<>();
      new Deployer(client, line -> {}, ProgressBars.rendering(frames::add))
          .deploy(ManifestReader.read(dir.resolve("app/spear.toml")), false);
      assertThat(frames.getLast()).contains("build/hello.wasm", "100%");
    }
  }
}
