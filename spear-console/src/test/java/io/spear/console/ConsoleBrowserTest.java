package io.spear.console;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.AiConfig;
import io.spear.corpus.Corpus;
import io.spear.model.config.SpearletConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import io.spear.testing.ExternalTools;
import io.spear.testing.HttpTestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in Debian's headless Chromium, driven by {@code browser-tests/console-flows.mjs}
 * (playwright-core) against a real SMS and Spearlet: upload with the file picker, register, run,
 * output and log, follow a running execution's log and cancel it, delete, a node going offline, the
 * AI page (a node's backends, registering and deleting an MCP server), phone width, labels and no
 * browser errors. Screenshots of every page go to {@code target/console-screenshots} (prefixed
 * {@code failure-} when a flow fails).
 */
class ConsoleBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCRIPTS = Path.of("browser-tests");

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theConsoleWorksInHeadlessChromiumAgainstARealPlatform() throws Exception {
    ExternalTools.require(
        Files.isExecutable(CHROMIUM)
            && Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))
            && nodeRuns(),
        "chromium, Node.js and playwright-core (npm ci in spear-console/browser-tests)");
    ExternalTools.require(
        getClass().getResource("/spear-console/assets") != null, "the built console (npm)");

    Path shots = Path.of("target", "console-screenshots").toAbsolutePath();
    Files.createDirectories(shots);
    Path echo = write("echo_upper.c.wasm");
    // Logs a line, then sleeps for as long as its argument says: a runaway whose log can be seen.
    Path loop = write("log_then_sleep.c.wasm");

    try (SmsServer sms =
            SmsServer.start(
                SmsConfig.defaults()
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withDataDir(dataDir.resolve("sms"))
                    .withNodeHeartbeatTimeout(Duration.ofSeconds(2)));
        SpearletServer node =
            SpearletServer.start(
                RuntimeConfig.of(nodeConfig(sms)),
                AiConfig.of(
                    new YAMLMapper()
                        .readTree(
                            "backends: [{name: demo, kind: stub, features: [supports_tools]}]"),
                    Map.of()))) {
      HttpTestClient http = new HttpTestClient(sms.port());
      // A second node that heartbeats until the flow asks it to fall silent, as a crashed node
      // does (a Spearlet that stops cleanly deregisters instead).
      String silent =
          http.postJson(
                  "/api/v1/nodes",
                  """
                  {"ip_address": "127.0.0.1", "port": 1, "http_port": 1,
                   "metadata": {"runtimes": "wasm"}}
                  """)
              .json()
              .get("node_uuid")
              .asText();
      ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
      try {
        heartbeats.scheduleWithFixedDelay(
            () -> http.postJson("/api/v1/nodes/" + silent + "/heartbeat", "{}"),
            0,
            200,
            TimeUnit.MILLISECONDS);
        eventually(
            () -> {
              assertThat(http.get("/api/v1/nodes?status=online").json().get("nodes")).hasSize(2);
              assertThat(node.nodeUuid()).isPresent();
            });
        String transcript = runFlows(sms, silent, shots, echo, loop, heartbeats);
        assertThat(transcript).contains("STEP done");
      } finally {
        heartbeats.shutdownNow();
      }
    }
  }

  /** Runs the script; answers its output, failing with it when the script fails. */
  private static String runFlows(
      SmsServer sms,
      String silentNode,
      Path shots,
      Path echo,
      Path loop,
      ScheduledExecutorService heartbeats)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("node", "console-flows.mjs")
            .directory(SCRIPTS.toFile())
            .redirectErrorStream(true);
    builder.environment().put("SPEAR_URL", "http://127.0.0.1:" + sms.port());
    builder.environment().put("SPEAR_ECHO_WASM", echo.toString());
    builder.environment().put("SPEAR_LOOP_WASM", loop.toString());
    builder.environment().put("SPEAR_OFFLINE_NODE", silentNode);
    builder.environment().put("SPEAR_SHOTS_DIR", shots.toString());
    Process process = builder.start();
    StringBuilder transcript = new StringBuilder();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = process.getOutputStream()) {
      String line;
      while ((line = out.readLine()) != null) {
        transcript.append(line).append('\n');
        if (line.equals("WAITING node-offline")) {
          // The node falls silent; SMS's liveness monitor marks it offline.
          heartbeats.shutdownNow();
          in.write('\n');
          in.flush();
        }
      }
    } finally {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    assertThat(process.exitValue()).as(transcript.toString()).isZero();
    return transcript.toString();
  }

  private SpearletConfig nodeConfig(SmsServer sms) {
    return SpearletConfig.defaults().toBuilder()
        .smsHttpAddr(sms.httpAddr())
        .bindHost("127.0.0.1")
        .httpPort(0)
        .heartbeatInterval(Duration.ofMillis(200))
        .build();
  }

  private Path write(String fixture) throws IOException {
    return Files.write(dataDir.resolve(fixture), Corpus.bytes(fixture));
  }

  private static boolean nodeRuns() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
