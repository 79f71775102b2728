package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.client.SmsClient;
import io.spear.corpus.Corpus;
import io.spear.model.json.Json;
import io.spear.testing.EverythingServer;
import io.spear.testing.HeaderRecordingProxy;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets end to end: a real {@code spear up} process logging at DEBUG, with a secrets key and an
 * egress policy; a secret set with {@code spear secrets set}, used by our {@code env_check} guest
 * through SMS and directly on the node, across a restart. The guest proves it received the value
 * (its length and hash) while the value appears in no answer, record, log, metric or file. Beside
 * it, secrets in {@code http_call} headers (our {@code http_probe} guest), in a streamable HTTP MCP
 * server's headers and in a stdio MCP server's env (the real server-everything, called by our
 * {@code chat_probe} guest) reach their destinations and, likewise, nothing else.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecretsEndToEndTest {

  private static final String VALUE = "sk-live-4f9c1e7a-never-shown";
  private static final String HEADER_VALUE = "hdr-secret-77d1c0-never-shown";
  private static final String MCP_HEADER_VALUE = "mcp-hdr-secret-3a9e52-never-shown";
  private static final String MCP_ENV_VALUE = "mcp-env-secret-c81f07-never-shown";
  private static final List<String> VALUES =
      List.of(VALUE, HEADER_VALUE, MCP_HEADER_VALUE, MCP_ENV_VALUE);
  private static final String KEY = io.spear.sms.secret.SecretsKey.generateBase64();

  @TempDir Path dir;

  @Test
  void aSecretReachesItsGuestOnlyAndNowhereElseAndSurvivesARestart() throws Exception {
    try (EverythingServer everything = EverythingServer.start();
        HeaderRecordingProxy mcpProxy = new HeaderRecordingProxy(everything.url());
        HeaderRecordingProxy hook = new HeaderRecordingProxy(everything.url())) {
      run(mcpProxy, hook);
    }
  }

  private void run(HeaderRecordingProxy mcpProxy, HeaderRecordingProxy hook) throws Exception {
    int smsPort = SpearProcess.freePort();
    int nodePort = SpearProcess.freePort();
    Path config = dir.resolve("spearlet.yaml");
    Files.writeString(
        config,
        """
        egress:
          allow: ["api.example.com", "*.github.com:443", "127.0.0.1:18099", "127.0.0.1:%d", \
        "127.0.0.1:%d"]
        llm:
          backends: [{name: demo, kind: stub, features: [supports_tools]}]
        mcp:
          allowed_commands: [node]
          working_dir: "%s"
        """
            .formatted(mcpProxy.port(), hook.port(), dir.resolve("mcp-work")));
    Path stderr = dir.resolve("stderr.log");
    List<String> up =
        List.of(
            "up",
            "--log-level",
            "debug",
            "--sms-port",
            Integer.toString(smsPort),
            "--spearlet-port",
            Integer.toString(nodePort),
            "--data-dir",
            dir.resolve("data").toString(),
            "--config",
            config.toString());
    String sms = "http://127.0.0.1:" + smsPort;
    HttpTestClient smsHttp = new HttpTestClient(smsPort);
    HttpTestClient nodeHttp = new HttpTestClient(nodePort);
    String taskId;
    Process process = start(stderr, up);
    try {
      awaitUp(process, smsHttp, sms);
      Path valueFile = Files.writeString(dir.resolve("value.txt"), VALUE + "\n");
      CliRun set =
          CliRun.of(
              "secrets",
              "set",
              "API_KEY",
              "--value-file",
              valueFile.toString(),
              "--allowed-host",
              "api.example.com",
              "--sms",
              sms);
      assertThat(set.exitCode()).as(set.err()).isZero();
      assertThat(set.out()).contains("secret API_KEY created").doesNotContain(VALUE);
      taskId = registerEnvCheck(smsHttp);
      useHeaderAndMcpSecrets(smsHttp, mcpProxy, hook);

      assertGuestSawTheSecret(
          smsHttp.post("/api/v1/tasks/" + taskId + "/invoke", new byte[0], Map.of()));
      assertGuestSawTheSecret(nodeHttp.post("/invoke/" + taskId, new byte[0], Map.of()));

      List<Answer> answers = new ArrayList<>();
      answers.add(smsHttp.get("/api/v1/secrets"));
      answers.add(smsHttp.get("/api/v1/tasks/" + taskId));
      answers.add(smsHttp.get("/api/v1/tasks"));
      answers.add(smsHttp.get("/api/v1/executions?task_id=" + taskId));
      answers.add(smsHttp.get("/api/v1/nodes"));
      answers.add(smsHttp.get("/metrics"));
      answers.add(nodeHttp.get("/metrics"));
      answers.add(smsHttp.get("/health"));
      eventually(
          () ->
              assertThat(
                      smsHttp.get("/api/v1/executions?task_id=" + taskId).json().get("executions"))
                  .hasSize(2));
      for (var execution :
          smsHttp.get("/api/v1/executions?task_id=" + taskId).json().get("executions")) {
        String id = execution.get("execution_id").asText();
        Answer record = smsHttp.get("/api/v1/executions/" + id);
        assertThat(record.text()).contains("completed");
        answers.add(record);
        Answer log = smsHttp.get("/api/v1/executions/" + id + "/logs");
        assertThat(log.text()).contains("env_check: describing API_KEY");
        answers.add(log);
        Answer onNode = nodeHttp.get("/functions/executions/" + id + "?include_output=true");
        assertThat(onNode.status()).as(onNode.text()).isEqualTo(200);
        // The node's record carries the output in base64: decoded, it is the description only.
        String output =
            new String(
                java.util.Base64.getDecoder().decode(onNode.json().get("output_base64").asText()),
                StandardCharsets.UTF_8);
        assertThat(output).contains("fnv1a=").doesNotContain(VALUE);
        answers.add(onNode);
      }
      for (var execution : smsHttp.get("/api/v1/executions?limit=100").json().get("executions")) {
        String id = execution.get("execution_id").asText();
        answers.add(smsHttp.get("/api/v1/executions/" + id));
        answers.add(smsHttp.get("/api/v1/executions/" + id + "/logs"));
        answers.add(nodeHttp.get("/functions/executions/" + id + "?include_output=true"));
      }
      answers.add(smsHttp.get("/api/v1/mcp/servers"));
      answers.add(nodeHttp.get("/metrics"));
      for (String value : VALUES) {
        assertThat(answers).allSatisfy(a -> assertThat(a.text()).doesNotContain(value));
      }
      assertThat(smsHttp.get("/api/v1/tasks/" + taskId).text()).contains("${secret:API_KEY}");
      assertThat(smsHttp.get("/api/v1/nodes").text())
          .contains("api.example.com,*.github.com:443,127.0.0.1:18099");
      CliRun list = CliRun.of("secrets", "list", "--output", "table", "--sms", sms);
      assertThat(list.out()).contains("API_KEY").contains("api.example.com").doesNotContain(VALUE);
    } finally {
      stop(process);
    }
    Process again = start(dir.resolve("stderr-2.log"), up);
    try {
      awaitUp(again, smsHttp, sms);
      assertGuestSawTheSecret(
          smsHttp.post("/api/v1/tasks/" + taskId + "/invoke", new byte[0], Map.of()));
      assertThat(CliRun.of("secrets", "rm", "API_KEY", "--sms", sms).exitCode()).isZero();
      Answer missing = smsHttp.post("/api/v1/tasks/" + taskId + "/invoke", new byte[0], Map.of());
      assertThat(missing.text()).contains("SECRET_NOT_FOUND").contains("API_KEY");
    } finally {
      stop(again);
    }
    String logs = Files.readString(stderr) + Files.readString(dir.resolve("stderr-2.log"));
    assertThat(logs)
        .contains("DEBUG")
        .contains("started MCP session of keyed")
        .contains("started MCP session of local");
    String files = rawFiles(dir.resolve("data"));
    for (String value : VALUES) {
      assertThat(logs).doesNotContain(value);
      assertThat(files).doesNotContain(value);
    }
  }

  /**
   * A header secret sent by {@code http_call}, a streamable HTTP MCP server's header secret and a
   * stdio MCP server's env secret, each seen where it goes: the server's headers, the process's
   * environment.
   */
  private static void useHeaderAndMcpSecrets(
      HttpTestClient smsHttp, HeaderRecordingProxy mcpProxy, HeaderRecordingProxy hook)
      throws Exception {
    secret(smsHttp, "HOOK_KEY", HEADER_VALUE, List.of("127.0.0.1:" + hook.port()));
    secret(smsHttp, "MCP_TOKEN", MCP_HEADER_VALUE, List.of("127.0.0.1:" + mcpProxy.port()));
    secret(smsHttp, "MCP_ENV", MCP_ENV_VALUE, List.of());
    String probe = upload(smsHttp, "http_probe.c.wasm");
    String probeTask = registerTask(smsHttp, "hook", probe, List.of(), Map.of());
    String request =
        "{\"method\": \"POST\", \"url\": \"%s\", \"headers\": {\"Authorization\": \"Bearer ${secret:HOOK_KEY}\"}, \"body\": \"{}\"}"
            .formatted(hook.url());
    Answer called =
        smsHttp.post(
            "/api/v1/tasks/" + probeTask + "/invoke",
            request.getBytes(StandardCharsets.UTF_8),
            Map.of());
    assertThat(called.text()).as(called.text()).startsWith("rc=0 ");
    assertThat(hook.values("Authorization")).containsExactly("Bearer " + HEADER_VALUE);

    register(
        smsHttp,
        """
        {"server_id": "keyed", "transport": "streamable_http", "allowed_tools": ["get-sum"],
         "http": {"url": "%s", "headers": {"Authorization": "Bearer ${secret:MCP_TOKEN}"}}}
        """
            .formatted(mcpProxy.url()));
    register(
        smsHttp,
        """
        {"server_id": "local", "transport": "stdio", "allowed_tools": ["get-sum"],
         "stdio": {"command": "node", "args": ["%s", "stdio"],
                   "env": {"MCP_ENV": "${secret:MCP_ENV}"}}}
        """
            .formatted(EverythingServer.script()));
    String chat = upload(smsHttp, "chat_probe.c.wasm");
    for (String server : List.of("keyed", "local")) {
      String chatTask =
          registerTask(
              smsHttp,
              "chat-" + server,
              chat,
              List.of("send", "2", "add 7 and 35", "{\"key\":\"model\",\"value\":\"m\"}"),
              Map.of("mcp.enabled", "true", "mcp.default_server_ids", server));
      Answer answer = smsHttp.post("/api/v1/tasks/" + chatTask + "/invoke", new byte[0], Map.of());
      assertThat(answer.text()).as(server).contains("stub chat completion after tool");
    }
    assertThat(mcpProxy.values("Authorization"))
        .isNotEmpty()
        .containsOnly("Bearer " + MCP_HEADER_VALUE);
    assertThat(stdioServerEnvironment()).contains("MCP_ENV=" + MCP_ENV_VALUE);
  }

  /** The environment of the stdio MCP server the node started, as the kernel holds it. */
  private static List<String> stdioServerEnvironment() throws IOException {
    String script = EverythingServer.script().toString();
    List<ProcessHandle> found =
        ProcessHandle.current()
            .descendants()
            .filter(
                p -> p.info().commandLine().map(c -> c.contains(script + " stdio")).orElse(false))
            .toList();
    assertThat(found).hasSize(1);
    byte[] raw = Files.readAllBytes(Path.of("/proc", found.getFirst().pid() + "", "environ"));
    return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
  }

  private static void secret(
      HttpTestClient smsHttp, String name, String value, List<String> allowedHosts) {
    Answer created =
        smsHttp.postJson(
            "/api/v1/secrets",
            Json.write(Map.of("name", name, "value", value, "allowed_hosts", allowedHosts)));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static void register(HttpTestClient smsHttp, String spec) {
    Answer created = smsHttp.postJson("/api/v1/mcp/servers", spec);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static String upload(HttpTestClient smsHttp, String fixture) {
    return smsHttp
        .post("/api/v1/files", Corpus.bytes(fixture), Map.of("X-File-Name", fixture))
        .json()
        .get("id")
        .asText();
  }

  private static String registerTask(
      HttpTestClient smsHttp,
      String name,
      String fileId,
      List<String> args,
      Map<String, String> config) {
    Answer task =
        smsHttp.postJson(
            "/api/v1/tasks",
            Json.write(
                Map.of(
                    "name",
                    name,
                    "config",
                    config,
                    "executable",
                    Map.of("type", "wasm", "uri", "sms+file://" + fileId, "args", args))));
    assertThat(task.status()).as(task.text()).isEqualTo(201);
    return task.json().get("task_id").asText();
  }

  private static void assertGuestSawTheSecret(Answer answer) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    byte[] value = VALUE.getBytes(StandardCharsets.UTF_8);
    assertThat(answer.text())
        .isEqualTo("API_KEY length=" + value.length + " fnv1a=" + fnv1a(value) + "\n")
        .doesNotContain(VALUE);
  }

  private static String fnv1a(byte[] bytes) {
    int hash = 0x811c9dc5;
    for (byte b : bytes) {
      hash = (hash ^ (b & 0xff)) * 16777619;
    }
    return String.format("%08x", hash);
  }

  private static String registerEnvCheck(HttpTestClient smsHttp) {
    String fileId =
        smsHttp
            .post(
                "/api/v1/files",
                Corpus.bytes("env_check.c.wasm"),
                Map.of("X-File-Name", "env_check.wasm"))
            .json()
            .get("id")
            .asText();
    Answer task =
        smsHttp.postJson(
            "/api/v1/tasks",
            Json.write(
                Map.of(
                    "name",
                    "env-check",
                    "executable",
                    Map.of(
                        "type",
                        "wasm",
                        "uri",
                        "sms+file://" + fileId,
                        "args",
                        List.of("API_KEY"),
                        "env",
                        Map.of("API_KEY", "${secret:API_KEY}", "PLAIN", "1")))));
    assertThat(task.status()).as(task.text()).isEqualTo(201);
    return task.json().get("task_id").asText();
  }

  private static void awaitUp(Process process, HttpTestClient smsHttp, String sms) {
    eventually(
        Duration.ofSeconds(60),
        () -> {
          assertThat(process.isAlive()).as("spear up exited early").isTrue();
          assertThat(smsHttp.get("/health").status()).isEqualTo(200);
        });
    try (SmsClient client = new SmsClient(sms)) {
      eventually(
          () ->
              assertThat(client.listNodes().nodes())
                  .anySatisfy(n -> assertThat(n.status()).isEqualTo("online")));
    }
  }

  private Process start(Path stderr, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SpearCli.class.getName());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderr.toFile());
    builder.environment().put("SPEAR_SECRETS_KEY", KEY);
    builder.environment().remove("SPEAR_LOG_FORMAT");
    builder.environment().remove("SPEAR_LOG_LEVEL");
    return builder.start();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String rawFiles(Path root) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }
}
