package io.spear.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code spear up} on free ports in a child JVM, for the AOT cache's training: in another process
 * so that the servers' classes stay out of the cache (a cache's classes are all loaded when a JVM
 * starts, so each of them costs every one-shot command).
 */
final class TrainingPlatform implements AutoCloseable {

  private static final Pattern BANNER = Pattern.compile("SMS listening on (https?://\\S+)");
  private static final long START_SECONDS = 60;
  private static final long STOP_SECONDS = 30;

  private final Process process;
  private final String smsUrl;

  private TrainingPlatform(Process process, String smsUrl) {
    this.process = process;
    this.smsUrl = smsUrl;
  }

  /** Starts the platform with its data in {@code dataDir}; answers once its banner is printed. */
  static TrainingPlatform start(Path dataDir) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    SpearCli.class.getName(),
                    "up",
                    "--sms-port",
                    "0",
                    "--spearlet-port",
                    "0",
                    "--data-dir",
                    dataDir.toString()))
            .redirectErrorStream(true);
    withoutSpearSettings(builder.environment());
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> readBanner(process, url));
    try {
      return new TrainingPlatform(process, url.get(START_SECONDS, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      process.destroyForcibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("spear up did not start: " + e.getMessage(), e);
    }
  }

  /**
   * Drops the user's SPEAR_* settings from a child's environment: a training platform on
   * SPEAR_DATABASE_URL would write its tasks into, and prune files from, the user's own store.
   */
  static void withoutSpearSettings(Map<String, String> environment) {
    environment.keySet().removeIf(name -> name.startsWith("SPEAR_"));
  }

  // The banner's URL once it is printed; the rest is read and dropped so the child never blocks.
  private static void readBanner(Process process, CompletableFuture<String> url) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Matcher banner = BANNER.matcher(line);
        if (!url.isDone() && banner.find()) {
          url.complete(banner.group(1));
        }
      }
      url.completeExceptionally(new IllegalStateException("spear up exited before its banner"));
    } catch (IOException e) {
      url.completeExceptionally(new UncheckedIOException(e));
    }
  }

  /** The platform's SMS, e.g. {@code http://127.0.0.1:41234}. */
  String smsUrl() {
    return smsUrl;
  }

  /** Stops the platform as Ctrl-C does, and waits for it to end. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
