package io.spear.host.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spear.egress.EgressDecision;
import io.spear.egress.EgressPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a node makes an execution's scope from its task config, and reads its limits. */
class CallScopesAndLimitsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EgressPolicy node = EgressPolicy.of(List.of("api.example.com", "127.0.0.1:9000"));
  private final CallScopes scopes = new CallScopes(node, id -> HeaderSecrets.NONE);

  @Test
  void aTaskWithoutAllowedHostsGetsTheNodesPolicyAndOneWithThemANarrowerOne() {
    List<String> log = new ArrayList<>();
    CallScope whole = scopes.open("e1", Map.of(), Instant.EPOCH, log::add);
    CallScope narrow =
        scopes.open("e2", Map.of("http.allowed_hosts", "127.0.0.1:9000"), Instant.EPOCH, log::add);

    assertThat(whole.policy().check("http://127.0.0.1:9000/"))
        .isInstanceOf(EgressDecision.Allowed.class);
    assertThat(narrow.policy().check("http://127.0.0.1:9000/"))
        .isInstanceOf(EgressDecision.Allowed.class);
    assertThat(narrow.policy().check("https://api.example.com/"))
        .isInstanceOf(EgressDecision.Refused.class);
    assertThat(log).isEmpty();
  }

  @Test
  void aTaskThatWouldWidenThisNodesListReachesNothingAndItsLogSaysWhy() {
    List<String> log = new ArrayList<>();

    CallScope scope =
        scopes.open(
            "e1",
            Map.of("http.allowed_hosts", "127.0.0.1:9000,169.254.169.254"),
            Instant.EPOCH,
            log::add);

    assertThat(scope.policy().check("http://127.0.0.1:9000/"))
        .isInstanceOf(EgressDecision.Refused.class);
    assertThat(log).singleElement().asString().contains("169.254.169.254", "never widen");
  }

  @Test
  void limitsAreReadFromTheHttpCallSectionWithDefaultsForWhatItOmits() throws Exception {
    HttpCallLimits limits =
        HttpCallLimits.parse(
            JSON.readTree(
                "{\"max_response_body_bytes\": \"2MiB\", \"max_calls_per_execution\": 3,"
                    + " \"default_timeout\": \"5s\"}"));

    assertThat(limits.maxResponseBodyBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(limits.maxCallsPerExecution()).isEqualTo(3);
    assertThat(limits.defaultTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(limits.maxRequestBodyBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(HttpCallLimits.parse(null)).isEqualTo(HttpCallLimits.DEFAULTS);
    assertThatThrownBy(() -> HttpCallLimits.parse(JSON.readTree("{\"max_calls\": 3}")))
        .hasMessageContaining("unknown setting http_call.max_calls");
    assertThatThrownBy(() -> HttpCallLimits.parse(JSON.readTree("{\"max_concurrent_calls\": 0}")))
        .hasMessageContaining("http_call.max_concurrent_calls must be at least 1");
    assertThatThrownBy(
            () -> HttpCallLimits.parse(JSON.readTree("{\"max_request_body_bytes\": \"lots\"}")))
        .hasMessageContaining("http_call.max_request_body_bytes is not a size");
  }
}
