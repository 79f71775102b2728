package io.spear.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.ai.chat.McpToolCaller.McpException;
import io.spear.egress.EgressPolicy;
import io.spear.model.mcp.McpServerSpec;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class McpHttpConnectorTest {

  private static final EgressPolicy LOOPBACK_3001 = EgressPolicy.of(List.of("127.0.0.1:3001"));

  private static McpServerSpec spec(String url, Map<String, String> headers) {
    return new McpServerSpec(
        "s",
        "s",
        "streamable_http",
        null,
        new McpServerSpec.Http(url, headers, null),
        null,
        List.of("*"),
        null,
        null);
  }

  @Test
  void anAllowedUrlBecomesBaseAndPathWithHeaderSecretsSubstitutedButNeverPrinted()
      throws McpException {
    McpHttpConnector connector =
        new McpHttpConnector(LOOPBACK_3001, (spec, names) -> Map.of("TOKEN", "v-123"));

    McpHttpEndpoint endpoint =
        connector.connect(
            spec(
                "http://127.0.0.1:3001/x/mcp?tenant=a",
                Map.of("Authorization", "Bearer ${secret:TOKEN}", "X-Plain", "p")),
            UnaryOperator.identity());

    assertThat(endpoint.base()).isEqualTo("http://127.0.0.1:3001");
    assertThat(endpoint.path()).isEqualTo("/x/mcp?tenant=a");
    assertThat(endpoint.headers())
        .containsEntry("Authorization", "Bearer v-123")
        .containsEntry("X-Plain", "p");
    assertThat(endpoint.toString()).doesNotContain("v-123");
  }

  @Test
  void aUrlOutsideThePolicyIsRefusedBeforeSecretsAreAskedFor() {
    McpHttpConnector connector =
        new McpHttpConnector(
            LOOPBACK_3001,
            (spec, names) -> {
              throw new AssertionError("secrets asked for a refused server");
            });

    for (String url :
        List.of(
            "http://127.0.0.1:3002/mcp",
            "http://[::1]:3001/mcp",
            "http://2130706434:3001/mcp",
            "http://169.254.169.254/mcp")) {
      assertThatThrownBy(
              () ->
                  connector.connect(
                      spec(url, Map.of("A", "${secret:TOKEN}")), UnaryOperator.identity()))
          .as(url)
          .isInstanceOf(McpException.class)
          .hasMessage("mcp server s is refused: its URL is outside this node's egress policy");
    }
  }

  @Test
  void headersTheClientSetsAndSecretsWithoutAResolverAreRefused() {
    McpHttpConnector noSecrets = new McpHttpConnector(LOOPBACK_3001, McpSecrets.NONE);
    String url = "http://127.0.0.1:3001/mcp";

    assertThatThrownBy(
            () -> noSecrets.connect(spec(url, Map.of("host", "evil")), UnaryOperator.identity()))
        .hasMessageContaining("http.headers may not set host");
    assertThatThrownBy(
            () ->
                noSecrets.connect(
                    spec(url, Map.of("Mcp-Session-Id", "fixed")), UnaryOperator.identity()))
        .hasMessageContaining("may not set Mcp-Session-Id");
    assertThatThrownBy(
            () ->
                noSecrets.connect(
                    spec(url, Map.of("A", "${secret:TOKEN}")), UnaryOperator.identity()))
        .hasMessageContaining("refers to secrets, and this node has no secrets to give");
    assertThatThrownBy(
            () ->
                noSecrets.connect(
                    spec(url, Map.of("A", "${secret:9 bad}")), UnaryOperator.identity()))
        .hasMessageContaining("invalid name");
  }
}
