package io.spear.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.ai.json.SortedJson;
import io.spear.egress.EgressDecision;
import io.spear.egress.EgressPolicy;
import io.spear.egress.EgressTarget;
import io.spear.model.mcp.McpServerSpec;
import io.spear.testing.EverythingServer;
import io.spear.testing.HeaderRecordingProxy;
import io.spear.testing.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
  void overTlsTheCertificateIsCheckedOnTheNameWhileTheCheckedAddressIsConnectedTo(@TempDir Path dir)
      throws Exception {
    SelfSignedCertificate.create(dir); // for localhost and 127.0.0.1
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("tls.p12"))) {
      store.load(in, "test-password".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "test-password".toCharArray());
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keys.getKeyManagers(), null, null);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, trust.getTrustManagers(), null);
    InetAddress checked = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    HttpsServer https = HttpsServer.create(new InetSocketAddress(checked, 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    List<String> hosts = new CopyOnWriteArrayList<>();
    https.createContext(
        "/",
        exchange -> {
          try (exchange) {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
          }
        });
    https.start();
    int port = https.getAddress().getPort();
    try (PinnedConnections connections = new PinnedConnections(clientTls)) {
      HttpResponse<String> ok =
          get(connections, clientTls, "https://localhost:" + port + "/mcp", checked);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("ok");
      assertThat(hosts).containsExactly("localhost:" + port);

      // The same address under a name the certificate does not carry: refused by TLS.
      assertThatThrownBy(
              () -> get(connections, clientTls, "https://other.test:" + port + "/mcp", checked))
          .isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
          .hasMessageContaining("other.test");
      assertThat(hosts).hasSize(1);
    } finally {
      https.stop(0);
    }
  }

  private static HttpResponse<String> get(
      PinnedConnections connections, SSLContext tls, String url, InetAddress at) throws Exception {
    EgressTarget target =
        ((EgressDecision.Allowed)
                EgressPolicy.of(List.of(at.getHostAddress() + ":" + URI.create(url).getPort()))
                    .withResolver(name -> List.of(at))
                    .check(url))
            .target();
    return PinnedHttpClient.builder(connections, target, tls)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
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
