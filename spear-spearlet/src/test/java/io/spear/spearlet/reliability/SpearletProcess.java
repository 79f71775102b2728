package io.spear.spearlet.reliability;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link SpearletMain} in its own JVM, which a test can kill like any process. */
final class SpearletProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int port;

  private SpearletProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts a Spearlet of SMS {@code smsAddr} keeping its identity in {@code dataDir}, with {@code
   * jvmOptions} (e.g. {@code -Xmx1g}); returns once it listens.
   */
  static SpearletProcess start(Path log, String smsAddr, Path dataDir, String... jvmOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SpearletMain.class.getName());
    command.add(smsAddr);
    command.add(dataDir.toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int[] port = new int[1];
    try {
      eventually(
          Duration.ofSeconds(60),
          () -> {
            assertThat(process.isAlive())
                .as("spearlet process alive; log:\n%s", tail(log))
                .isTrue();
            String line =
                Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith(SpearletMain.PORT_LINE))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("not listening yet"));
            port[0] = Integer.parseInt(line.substring(SpearletMain.PORT_LINE.length()).trim());
          });
    } catch (AssertionError | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    return new SpearletProcess(process, log, port[0]);
  }

  /** The HTTP port. */
  int port() {
    return port;
  }

  /** The process's output so far (its last lines). */
  String logTail() {
    return tail(log);
  }

  /** Whether the process still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, nothing is deregistered or flushed. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("spearlet process did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
