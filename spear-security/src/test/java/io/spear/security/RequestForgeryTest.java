package io.spear.security;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.AiConfig;
import io.spear.model.json.Json;
import io.spear.security.SecuredPlatform.NodeSetup;
import io.spear.testing.HttpTestClient.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input that names an address, aimed at a real loopback listener that must receive nothing:
 * task module URIs, node addresses, MCP server URLs, the stream session's URL, and the addresses a
 * guest can put in its chat and realtime speech parameters (with an API key configured, which must
 * never leave for a guest's address).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class RequestForgeryTest {

  private static final String API_KEY = "sk-security-suite-secret";

  private SecuredPlatform platform;
  private Listener canary;
  private String fileId;
  private int closedPort;
  private String echoTask;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    String llm =
        """
        credentials:
          - {name: key, kind: env, api_key_env: SEC_SUITE_KEY}
        backends:
          - {name: demo, kind: stub, features: [supports_tools]}
          - {name: remote, kind: openai_chat_completion, base_url: "http://127.0.0.1:%d/v1",
             credential_ref: key, model: m}
          - {name: realtime, kind: openai_realtime_ws, base_url: "http://127.0.0.1:%d/v1",
             credential_ref: key}
        """
            .formatted(closedPort, closedPort);
    YAMLMapper yaml = new YAMLMapper();
    AiConfig ai =
        AiConfig.of(
            yaml.readTree(llm),
            yaml.readTree("{registry_refresh_ms: 0}"),
            Map.of("SEC_SUITE_KEY", API_KEY));
    platform = SecuredPlatform.start(dir, new NodeSetup(List.of(), ai));
    fileId = platform.upload("echo_upper.c.wasm");
    echoTask = platform.deploy("echo_upper.c.wasm", List.of(), Map.of());
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @BeforeEach
  void listen() {
    canary = Listener.canary();
  }

  @AfterEach
  void silence() {
    canary.close();
  }

  private void assertCanaryHeardNothing() {
    assertThat(canary.received()).as("what reached the canary listener").isEmpty();
  }

  @Test
  void aTaskModuleUriNamingAnotherAddressIsNeverFetched() {
    String sms = platform.sms.httpAddr();
    String c = canary.hostPort();
    int port = canary.port();
    List<String> forms =
        List.of(
            "sms+file://" + c + "/" + fileId,
            "smsfile://" + c + "/" + fileId,
            "SMS+FILE://" + c + "/" + fileId,
            "sms+file://localhost:" + port + "/" + fileId,
            "sms+file://[::1]:" + port + "/" + fileId,
            "sms+file://127.1:" + port + "/" + fileId,
            "sms+file://0x7f000001:" + port + "/" + fileId,
            "sms+file://" + sms + "@" + c + "/" + fileId,
            "sms+file://" + c + "#@" + sms + "/" + fileId,
            "sms+file://" + c + "/" + fileId + "?x=@" + sms,
            "sms+file://" + c + "/../" + fileId,
            "sms+file://" + sms + "/../../" + c + "/" + fileId,
            "sms+file:///etc/passwd",
            "file:///etc/passwd",
            "http://" + c + "/guest.wasm",
            "https://" + c + "/guest.wasm");
    List<String> ran = new ArrayList<>();
    for (String uri : forms) {
      Answer registered = platform.register(uri, List.of(), Map.of());
      if (registered.status() == 201) {
        String taskId = registered.json().get("task_id").asText();
        Answer invoked = platform.invokeThroughSms(taskId, "x");
        if (invoked.status() == 200) {
          ran.add(uri);
        }
      }
    }
    assertThat(ran).as("module URIs that ran").isEmpty();
    assertCanaryHeardNothing();
  }

  @Test
  void aNodeAddressThatIsNotAPlainHostIsRefusedAndNeverCalled() {
    String c = canary.hostPort();
    List<String> forms =
        List.of(
            c,
            c + "/x",
            "http://" + c,
            "user@127.0.0.1",
            "127.0.0.1#",
            "127.0.0.1/",
            "127.0.0.1?x",
            "127.0.0.1\r\nX-Injected: 1",
            "127.0.0.1%0d%0a",
            "[::1]:" + canary.port(),
            "127.0.0.1 127.0.0.2");
    // A node of this token's at a closed loopback port, to try the same forms as updates.
    String mine = register("127.0.0.1", closedPort);
    try {
      for (String ip : forms) {
        Answer answer = node("POST", "/api/v1/nodes", registration(ip, canary.port()));
        assertThat(answer.status()).as(ip).isEqualTo(400);
        Answer update =
            node("PUT", "/api/v1/nodes/" + mine, "{\"ip_address\": " + Json.write(ip) + "}");
        assertThat(update.status()).as("update to " + ip).isEqualTo(400);
      }
      for (int i = 0; i < 3; i++) {
        Answer invoked = platform.invokeThroughSms(echoTask, "still");
        assertThat(invoked.status()).as(invoked.text()).isEqualTo(200);
        assertThat(invoked.text()).isEqualTo("STILL");
      }
    } finally {
      removeEveryNodeButTheRealOne();
    }
    assertCanaryHeardNothing();
  }

  private void removeEveryNodeButTheRealOne() {
    for (var listed :
        platform.smsHttp.get("/api/v1/nodes", platform.as("viewer")).json().path("nodes")) {
      String uuid = listed.path("uuid").asText();
      if (!uuid.equals(platform.nodeUuid())) {
        platform.send(platform.smsHttp, "DELETE", "/api/v1/nodes/" + uuid, null, "admin");
      }
    }
  }

  private String register(String ip, int httpPort) {
    Answer answer = node("POST", "/api/v1/nodes", registration(ip, httpPort));
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json().get("node_uuid").asText();
  }

  private static String registration(String ip, int httpPort) {
    return "{\"ip_address\": %s, \"port\": 1, \"http_port\": %d}"
        .formatted(Json.write(ip), httpPort);
  }

  private Answer node(String method, String path, String json) {
    return platform.send(platform.smsHttp, method, path, json, "node");
  }

  @Test
  void anMcpServerUrlIsRegisteredOnlyByAnAdminAndNeverCalledForAGuest() {
    String spec =
        """
        {"server_id": "canary", "transport": "streamable_http", "allowed_tools": ["*"],
         "http": {"url": "http://%s/mcp"}}"""
            .formatted(canary.hostPort());
    for (String role : List.of("user", "node", "viewer")) {
      Answer refused = platform.send(platform.smsHttp, "POST", "/api/v1/mcp/servers", spec, role);
      assertThat(refused.status()).as(role).isEqualTo(403);
    }
    Answer registered =
        platform.send(platform.smsHttp, "POST", "/api/v1/mcp/servers", spec, "admin");
    assertThat(registered.status()).as(registered.text()).isIn(200, 201, 400);
    String taskId =
        platform.deploy(
            "chat_probe.c.wasm",
            List.of("send", "2", "use a tool", "{\"key\":\"backend\",\"value\":\"demo\"}"),
            Map.of("mcp.enabled", "true", "mcp.default_server_ids", "canary"));
    platform.invokeThroughSms(taskId, "");
    platform.send(platform.smsHttp, "DELETE", "/api/v1/mcp/servers/canary", null, "admin");
    assertCanaryHeardNothing();
  }

  @Test
  void aGuestsChatParametersCannotRedirectTheConfiguredBackend() {
    List<String> args = new ArrayList<>(List.of("send", "0", "hello"));
    args.add("{\"key\":\"backend\",\"value\":\"remote\"}");
    for (String key : List.of("base_url", "url", "api_base", "endpoint", "ws_url", "host")) {
      args.add(
          "{\"key\":%s,\"value\":%s}"
              .formatted(Json.write(key), Json.write("http://" + canary.hostPort() + "/v1")));
    }
    String taskId = platform.deploy("chat_probe.c.wasm", args, Map.of());
    platform.invokeThroughSms(taskId, "");
    assertCanaryHeardNothing();
  }

  @Test
  void aGuestCannotSendTheRealtimeBackendsKeyToItsOwnUrl() {
    // media_probe writes {"key":"backend","value":"<arg>"}; the arg closes that value and adds a
    // second key, as any guest calling rtasr_ctl itself could.
    String steal = "x\",\"key\":\"ws_url\",\"value\":\"ws://" + canary.hostPort() + "/steal";
    String taskId = platform.deploy("media_probe.c.wasm", List.of("asr", steal), Map.of());
    platform.invokeThroughSms(taskId, "");
    assertThat(String.join("\n", canary.received())).doesNotContain(API_KEY);
    assertCanaryHeardNothing();
  }

  @Test
  void aStreamSessionUrlIsNotBuiltFromTheRequestsHostHeader() {
    String taskId = platform.deploy("wasi_sleep.c.wasm", List.of("10000"), Map.of());
    String executionId = platform.startAsync(taskId);
    String path = "/api/v1/executions/" + executionId + "/streams/session";
    for (String host : List.of(canary.hostPort(), "evil.example:1")) {
      Map<String, String> headers = new LinkedHashMap<>(platform.as("user"));
      headers.put("Host", host);
      RawHttp.Reply[] reply = new RawHttp.Reply[1];
      // The session needs the execution known to SMS and not ended.
      eventually(
          () -> {
            reply[0] = RawHttp.send(platform.sms.port(), "POST", path, headers, "{}");
            assertThat(reply[0].status()).as(reply[0].text()).isEqualTo(200);
          });
      assertThat(Json.tree(reply[0].text()).path("ws_url").asText())
          .doesNotContain(host)
          .doesNotContain("evil.example");
    }
    platform.send(
        platform.smsHttp, "POST", "/api/v1/executions/" + executionId + "/cancel", "{}", "user");
    assertCanaryHeardNothing();
  }
}
