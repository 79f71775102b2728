package io.spear.console;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.AiConfig;
import io.spear.corpus.Corpus;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
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
import java.util.Optional;
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

  private void requireTools() {
    ExternalTools.require(
        Files.isExecutable(CHROMIUM)
            && Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))
            && nodeRuns(),
        "chromium, Node.js and playwright-core (npm ci in spear-console/browser-tests)");
    ExternalTools.require(
        getClass().getResource("/spear-console/assets") != null, "the built console (npm)");
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theConsoleWorksInHeadlessChromiumAgainstARealPlatform() throws Exception {
    requireTools();

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
            SpearletServer.builder(RuntimeConfig.of(nodeConfig(sms)))
                .ai(
                    AiConfig.of(
                        new YAMLMapper()
                            .readTree(
                                "backends: [{name: demo, kind: stub, features: [supports_tools]}]"),
                        Map.of()))
                .start()) {
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
        var _ =
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
        String transcript =
            runFlows(
                "console-flows.mjs",
                Map.of(
                    "SPEAR_URL", "http://127.0.0.1:" + sms.port(),
                    "SPEAR_ECHO_WASM", echo.toString(),
                    "SPEAR_LOOP_WASM", loop.toString(),
                    "SPEAR_STREAMS_WASM", write("streams_probe.c.wasm").toString(),
                    "SPEAR_OFFLINE_NODE", silent,
                    "SPEAR_SHOTS_DIR", shots.toString()),
                heartbeats);
        assertThat(transcript).contains("STEP done");
      } finally {
        heartbeats.shutdownNow();
      }
    }
  }

  /**
   * Authentication on, wired as {@code spear up --token-file} wires it (SMS and its Spearlet call
   * each other with a fresh pair of tokens; the operator's token is a {@code user} one from the
   * file): every page first says a token is needed, then, with the token typed into the console's
   * field, uploading, registering, running and chatting (endpoint and session) work.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theConsoleAsksForATokenAndWorksWithOne() throws Exception {
    requireTools();
    String operator = TokenRegistry.generateToken();
    String nodeToken = TokenRegistry.generateToken();
    String smsToken = TokenRegistry.generateToken();
    Path tokenFile = dataDir.resolve("tokens.yaml");
    Files.writeString(tokenFile, TokenRegistry.fileEntry("operator", Role.USER, operator));
    TokenRegistry tokens = TokenRegistry.read(tokenFile);
    Path shots = Path.of("target", "console-screenshots", "with-token").toAbsolutePath();
    Files.createDirectories(shots);
    try (SmsServer sms =
            SmsServer.builder(
                    SmsConfig.defaults()
                        .withHost("127.0.0.1")
                        .withPort(0)
                        .withDataDir(dataDir.resolve("sms")))
                .security(
                    ServerSecurity.withTokens(tokens.with("up-spearlet", Role.NODE, nodeToken))
                        .withOutboundToken(Optional.of(smsToken)))
                .start();
        SpearletServer node =
            SpearletServer.builder(RuntimeConfig.of(nodeConfig(sms)))
                .security(
                    ServerSecurity.withTokens(tokens.with("up-sms", Role.USER, smsToken))
                        .withOutboundToken(Optional.of(nodeToken)))
                .start()) {
      HttpTestClient http = new HttpTestClient(sms.port());
      Map<String, String> asOperator = Map.of("Authorization", "Bearer " + operator);
      eventually(
          () -> {
            assertThat(node.nodeUuid()).isPresent();
            assertThat(http.get("/api/v1/nodes?status=online", asOperator).json().get("nodes"))
                .hasSize(1);
          });
      assertThat(http.get("/api/v1/nodes").status()).isEqualTo(401);
      String transcript =
          runFlows(
              "console-token-flow.mjs",
              Map.of(
                  "SPEAR_URL", "http://127.0.0.1:" + sms.port(),
                  "SPEAR_CONSOLE_TOKEN", operator,
                  "SPEAR_ECHO_WASM", write("echo_upper.c.wasm").toString(),
                  "SPEAR_STREAMS_WASM", write("streams_probe.c.wasm").toString(),
                  "SPEAR_SHOTS_DIR", shots.toString()),
              null);
      assertThat(transcript).contains("STEP done").doesNotContain(operator);
    }
  }

  /**
   * Runs a flow script with {@code env}; answers its output, failing with it when the script fails.
   * On "WAITING node-offline" the {@code heartbeats} of the second node stop.
   */
  private static String runFlows(
      String script, Map<String, String> env, ScheduledExecutorService heartbeats)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("node", script).directory(SCRIPTS.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    StringBuilder transcript = new StringBuilder();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = process.getOutputStream()) {
      String line;
      while ((line = out.readLine()) != null) {
        transcript.append(line).append('\n');
        if (line.equals("WAITING node-offline") && heartbeats != null) {
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
