package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.testing.HttpTestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code spear} command run as a separate JVM (so a test can kill it like any process). */
final class SpearProcess implements AutoCloseable {

  final Process process;

  private SpearProcess(Process process) {
    this.process = process;
  }

  /** Starts {@code spear <args>} with its output in {@code log}. */
  static SpearProcess start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SpearCli.class.getName());
    command.addAll(List.of(args));
    return new SpearProcess(
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
  }

  /** Waits until {@code /health} on {@code port} answers 200. */
  void awaitHealthy(int port) {
    HttpTestClient http = new HttpTestClient(port);
    eventually(
        Duration.ofSeconds(60),
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("spear process exited early");
          }
          assertThat(http.get("/health").status()).isEqualTo(200);
        });
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
