package io.spear.cli.docs;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.testing.ExternalTools;
import io.spear.testing.HttpTestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tour cannot drift: every shell block marked {@code <!-- tour -->} in README.md and docs/ runs
 * with bash, in order, against a real {@code spear up} on free ports, with {@code spear} on the
 * PATH (a link to the launcher, as {@code ./spear install} makes). A block passes when it exits 0
 * and prints what each of its {@code # → ...} lines says. {@code <!-- tour needs=clang -->} marks a
 * block that builds a C guest: skipped without clang, a failure on CI (SPEAR_REQUIRE_TOOLS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ReadmeTourIT {

  private static final Path ROOT = Markdown.ROOT;
  private static final Pattern EXPECTED = Pattern.compile("^#\\s*→\\s*(.+)$", Pattern.MULTILINE);

  @TempDir static Path dir;
  private Process up;
  private int smsPort;
  private int spearletPort;
  private Path work;
  private Path bin;

  @BeforeAll
  void startThePlatform() throws Exception {
    smsPort = freePort();
    spearletPort = freePort();
    up =
        new ProcessBuilder(
                ROOT.resolve("spear").toString(),
                "up",
                "--sms-port",
                Integer.toString(smsPort),
                "--spearlet-port",
                Integer.toString(spearletPort),
                "--data-dir",
                dir.resolve("data").toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("up.log").toFile())
            .start();
    awaitHealthy(smsPort);
    awaitHealthy(spearletPort);
    // The tour runs in a clone: the corpus and docs where the README names them.
    work = Files.createDirectories(dir.resolve("work"));
    Files.createSymbolicLink(work.resolve("spear-corpus"), ROOT.resolve("spear-corpus"));
    Files.createSymbolicLink(work.resolve("docs"), ROOT.resolve("docs"));
    bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("spear"), ROOT.resolve("spear"));
  }

  @AfterAll
  void stopThePlatform() throws InterruptedException {
    if (up != null) {
      up.destroy();
      if (!up.waitFor(20, TimeUnit.SECONDS)) {
        up.destroyForcibly();
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyTourBlockRunsAsShown() {
    List<Markdown.Block> tour =
        Markdown.pages().stream()
            .flatMap(page -> page.blocks().stream())
            .filter(block -> block.tourMark() != null)
            .toList();
    assertThat(tour).as("tour blocks in README.md").hasSizeGreaterThanOrEqualTo(3);
    return tour.stream()
        .map(
            block ->
                DynamicTest.dynamicTest(
                    ROOT.relativize(block.file()) + ":" + block.line(), () -> run(block)));
  }

  private void run(Markdown.Block block) throws Exception {
    if (block.tourMark().contains("needs=clang")) {
      ExternalTools.require(clangBuildsWasi(), "clang with the wasm32-wasi target");
    }
    String script =
        block
            .text()
            .replace("127.0.0.1:8080", "127.0.0.1:" + smsPort)
            .replace("localhost:8080", "localhost:" + smsPort)
            .replace("127.0.0.1:8081", "127.0.0.1:" + spearletPort)
            .replace("localhost:8081", "localhost:" + spearletPort);
    Path output = Files.createTempFile(dir, "block", ".txt");
    ProcessBuilder bash =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = bash.environment();
    String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
    env.put("PATH", bin + ":" + javaBin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("SPEAR_SMS", "http://127.0.0.1:" + smsPort);
    Process process = bash.start();
    process.getOutputStream().close();
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(ended).as("the block ended in time; it printed:\n" + printed).isTrue();
    assertThat(process.exitValue()).as("exit status; the block printed:\n" + printed).isZero();
    Matcher expected = EXPECTED.matcher(block.text());
    while (expected.find()) {
      assertThat(printed).as("what the block says it prints").contains(expected.group(1).strip());
    }
  }

  private boolean clangBuildsWasi() throws IOException, InterruptedException {
    Path probe = Files.writeString(dir.resolve("probe.c"), "int main(void){return 0;}\n");
    try {
      Process clang =
          new ProcessBuilder(
                  "clang", "--target=wasm32-wasi", probe.toString(), "-o", dir + "/probe.wasm")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("probe.log").toFile())
              .start();
      return clang.waitFor(60, TimeUnit.SECONDS) && clang.exitValue() == 0;
    } catch (IOException e) {
      return false; // no clang on the PATH
    }
  }

  private void awaitHealthy(int port) {
    HttpTestClient http = new HttpTestClient(port);
    eventually(
        Duration.ofSeconds(120),
        () -> {
          if (!up.isAlive()) {
            throw new IllegalStateException("spear up exited early; see " + dir.resolve("up.log"));
          }
          assertThat(http.get("/health").status()).isEqualTo(200);
        });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
