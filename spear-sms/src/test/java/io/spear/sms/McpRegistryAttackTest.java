package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.testing.HttpTestClient.Answer;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP registry once stored whatever an admin sent: 100,000 arguments, a {@code file://}
 * endpoint, numbers as environment values. It now refuses each with a 400 naming the problem.
 */
@Timeout(30)
class McpRegistryAttackTest {

  @TempDir Path dataDir;

  @Test
  void aHundredThousandArgumentsAreRefused() {
    String args = "[" + String.join(",", Collections.nCopies(100_000, "\"a\"")) + "]";
    assertRefused(
        "{\"server_id\": \"big\", \"transport\": \"stdio\","
            + " \"stdio\": {\"command\": \"c\", \"args\": "
            + args
            + "}}",
        "stdio.args may hold at most 256 items but held 100000");
  }

  @Test
  void onlyHttpAndHttpsEndpointsAreAccepted() {
    for (String url :
        new String[] {"file:///etc/passwd", "jar:file:/x!/", "gopher://h/", "http:x"}) {
      assertRefused(
          "{\"server_id\": \"f\", \"transport\": \"streamable_http\", \"http\": {\"url\": \"%s\"}}"
              .formatted(url),
          "http.url must be an http:// or https:// URL with a host but was '" + url + "'");
    }
  }

  @Test
  void environmentValuesMustBeStrings() {
    assertRefused(
        "{\"server_id\": \"e\", \"transport\": \"stdio\","
            + " \"stdio\": {\"command\": \"c\", \"env\": {\"A\": 1}}}",
        "stdio.env.A must be a string but was 1");
  }

  @Test
  void longStringsAndOutOfRangeBudgetsAreRefused() {
    assertRefused(
        "{\"server_id\": \"l\", \"transport\": \"stdio\", \"stdio\": {\"command\": \"%s\"}}"
            .formatted("c".repeat(10_000)),
        "stdio.command may be at most 8192 characters but was 10000");
    assertRefused(
        "{\"server_id\": \"b\", \"transport\": \"stdio\", \"stdio\": {\"command\": \"c\"},"
            + " \"budgets\": {\"max_concurrency\": 100000}}",
        "budgets.max_concurrency must be between 1 and 1024 but was 100000");
  }

  @Test
  void aWellFormedServerIsStillRegistered() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      Answer answer =
          sms.http.postJson(
              "/api/v1/mcp/servers",
              "{\"server_id\": \"web\", \"transport\": \"streamable_http\","
                  + " \"http\": {\"url\": \"https://mcp.example.com/mcp\","
                  + " \"headers\": {\"X-Team\": \"a\"}}}");
      assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    }
  }

  private void assertRefused(String body, String message) {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      Answer answer = sms.http.postJson("/api/v1/mcp/servers", body);
      assertThat(answer.status()).as(answer.text()).isEqualTo(400);
      assertThat(answer.json().get("error").asText()).isEqualTo("INVALID_REQUEST");
      assertThat(answer.json().get("message").asText()).isEqualTo(message);
      assertThat(sms.http.get("/api/v1/mcp/servers").json().get("servers")).isEmpty();
    }
  }
}
