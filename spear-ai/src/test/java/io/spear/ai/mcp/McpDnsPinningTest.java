package io.spear.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.ai.json.SortedJson;
import io.spear.model.egress.EgressDecision;
import io.spear.model.egress.EgressPolicy;
import io.spear.model.egress.EgressTarget;
import io.spear.model.mcp.McpServerSpec;
import io.spear.testing.EverythingServer;
import io.spear.testing.HeaderRecordingProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A streamable HTTP MCP server is reached at the address the egress policy checked, never at a
 * second lookup of its name: here {@code localhost}, which the policy's resolver answers with
 * 127.0.0.2 once and 127.0.0.1 afterwards (as the system's resolver does), and only 127.0.0.2
 * serves.
 */
@Timeout(60)
class McpDnsPinningTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void everyRequestOfASessionGoesToTheCheckedAddressWhateverDnsAnswersLater() throws Exception {
    InetAddress checked = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    InetAddress later = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    AtomicInteger lookups = new AtomicInteger();
    try (EverythingServer everything = EverythingServer.start();
        HeaderRecordingProxy proxy = new HeaderRecordingProxy(everything.url(), checked)) {
      EgressPolicy egress =
          EgressPolicy.of(List.of("127.0.0.2:" + proxy.port()))
              .withResolver(
                  name -> {
                    assertThat(name).isEqualTo("localhost");
                    return List.of(lookups.getAndIncrement() == 0 ? checked : later);
                  });
      McpServerSpec spec =
          new McpServerSpec(
              "pinned",
              null,
              "streamable_http",
              null,
              new McpServerSpec.Http("http://localhost:" + proxy.port() + "/mcp", Map.of(), null),
              null,
              List.of("get-sum"),
              new McpServerSpec.Budgets(20_000L, 2, null),
              null);
      try (McpSessions sessions =
          new McpSessions(
              id -> Optional.of(spec),
              McpProcessPolicy.NONE,
              Map.of(),
              egress,
              McpSecrets.NONE,
              new SimpleMeterRegistry())) {

        assertThat(sessions.listTools("pinned", TIMEOUT)).isNotEmpty();
        String sum =
            sessions
                .callTool(
                    "pinned",
                    "get-sum",
                    SortedJson.MAPPER.createObjectNode().put("a", 40).put("b", 2),
                    TIMEOUT)
                .toString();

        assertThat(sum).contains("42");
      }
      assertThat(lookups).hasValue(1);
      // initialize, initialized, tools/list, tools/call: all at 127.0.0.2, named localhost.
      assertThat(proxy.values("Host")).hasSizeGreaterThanOrEqualTo(4);
      assertThat(proxy.values("Host")).containsOnly("localhost:" + proxy.port());
    }
  }

  @Test
  void aRequestForAnotherOriginFailsWithoutConnecting() throws Exception {
    InetAddress checked = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    EgressTarget target =
        ((EgressDecision.Allowed)
                EgressPolicy.of(List.of("127.0.0.2:9"))
                    .withResolver(name -> List.of(checked))
                    .check("http://mcp.example:9/mcp"))
            .target();
    try (PinnedConnections connections = new PinnedConnections(PinnedConnections.defaultTls())) {
      var client =
          PinnedHttpClient.builder(connections, target, PinnedConnections.defaultTls()).build();

      var answer =
          client.sendAsync(
              HttpRequest.newBuilder(URI.create("http://elsewhere.example:9/mcp")).build(),
              HttpResponse.BodyHandlers.discarding());

      assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(IOException.class)
          .hasMessage("an MCP request left the origin its egress check was for");
    }
  }
}
