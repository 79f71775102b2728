package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.secret.SecretsKey;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node asks SMS for the secrets an MCP server's {@code http.headers} (or a stdio server's {@code
 * stdio.env}) refer to.
 */
class McpHeaderSecretsApiTest {

  private static final String VALUE = "mcp-tok-1b7e44-DO-NOT-LEAK";

  @TempDir Path dataDir;

  private SmsTestServer start() {
    SmsConfig config = SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir);
    return new SmsTestServer(
        SmsServer.builder(config)
            .secretsKey(SecretsKey.ofBase64(SecretsKey.generateBase64()))
            .start(),
        dataDir);
  }

  @Test
  void aNodeGetsTheHeaderSecretsOfAServerWithinTheSecretsAllowedHostsOnly() {
    try (SmsTestServer sms = start()) {
      secret(sms, "MCP_TOKEN", "[\"127.0.0.1:3001\"]");
      secret(sms, "ELSEWHERE", "[\"api.example.com\"]");
      secret(sms, "UNUSED", "[]");
      server(sms, "every", "http://127.0.0.1:3001/mcp", "Bearer ${secret:MCP_TOKEN}");
      server(sms, "sneaky", "http://127.0.0.1:3001/mcp", "Bearer ${secret:ELSEWHERE}");
      String node = registerNode(sms);

      Answer resolved = resolve(sms, "every", node);
      assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
      assertThat(resolved.json().get("values").get("MCP_TOKEN").asText()).isEqualTo(VALUE);
      assertThat(resolved.json().get("values").size()).isEqualTo(1);

      Answer refused = resolve(sms, "sneaky", node);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.json().get("message").asText())
          .contains("secret ELSEWHERE may not be sent to http://127.0.0.1:3001/mcp");
      assertThat(refused.text()).doesNotContain(VALUE);

      Answer unknown = resolve(sms, "nope", node);
      assertThat(unknown.status()).isEqualTo(404);
      // The registered server shows the reference, never the value.
      assertThat(sms.http.get("/api/v1/mcp/servers/every").text())
          .contains("${secret:MCP_TOKEN}")
          .doesNotContain(VALUE);
    }
  }

  @Test
  void aNodeGetsTheEnvSecretsOfAStdioServerWhateverTheirAllowedHosts() {
    try (SmsTestServer sms = start()) {
      secret(sms, "ENV_TOKEN", "[\"api.example.com\"]");
      secret(sms, "PLAIN_TOKEN", "[]");
      Answer created =
          sms.http.postJson(
              "/api/v1/mcp/servers",
              """
              {"server_id": "local", "transport": "stdio", "allowed_tools": ["*"],
               "stdio": {"command": "node", "args": ["server.js"],
                         "env": {"A": "Bearer ${secret:ENV_TOKEN}", "B": "${secret:PLAIN_TOKEN}",
                                 "C": "plain"}}}
              """);
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      Answer missing =
          sms.http.postJson(
              "/api/v1/mcp/servers",
              """
              {"server_id": "missing", "transport": "stdio", "allowed_tools": ["*"],
               "stdio": {"command": "node", "env": {"A": "${secret:NO_SUCH}"}}}
              """);
      assertThat(missing.status()).as(missing.text()).isEqualTo(201);
      String node = registerNode(sms);

      Answer resolved = resolve(sms, "local", node);
      assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
      assertThat(resolved.json().get("values").properties())
          .extracting(java.util.Map.Entry::getKey)
          .containsExactlyInAnyOrder("ENV_TOKEN", "PLAIN_TOKEN");
      assertThat(resolved.json().get("values").get("ENV_TOKEN").asText()).isEqualTo(VALUE);

      Answer notFound = resolve(sms, "missing", node);
      assertThat(notFound.status()).isEqualTo(404);
      assertThat(notFound.json().get("error").asText()).isEqualTo("SECRET_NOT_FOUND");
      assertThat(sms.http.get("/api/v1/mcp/servers/local").text())
          .contains("${secret:ENV_TOKEN}")
          .doesNotContain(VALUE);
    }
  }

  private static void secret(SmsTestServer sms, String name, String hosts) {
    Answer created =
        sms.http.postJson(
            "/api/v1/secrets",
            "{\"name\":\""
                + name
                + "\",\"value\":\""
                + VALUE
                + "\",\"allowed_hosts\":"
                + hosts
                + "}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static void server(SmsTestServer sms, String id, String url, String authorization) {
    Answer created =
        sms.http.postJson(
            "/api/v1/mcp/servers",
            "{\"server_id\":\""
                + id
                + "\",\"transport\":\"streamable_http\",\"http\":{\"url\":\""
                + url
                + "\",\"headers\":{\"Authorization\":\""
                + authorization
                + "\"}},\"allowed_tools\":[\"echo\"]}");
    assertThat(created.status() / 100).as(created.text()).isEqualTo(2);
  }

  private static String registerNode(SmsTestServer sms) {
    Answer node =
        sms.http.postJson(
            "/api/v1/nodes", "{\"ip_address\":\"127.0.0.1\",\"port\":1,\"http_port\":1}");
    assertThat(node.status()).as(node.text()).isEqualTo(201);
    return node.json().get("node_uuid").asText();
  }

  private static Answer resolve(SmsTestServer sms, String server, String node) {
    return sms.http.postJson(
        "/api/v1/secrets/resolve",
        "{\"mcp_server_id\":\"" + server + "\",\"node_uuid\":\"" + node + "\"}");
  }
}
