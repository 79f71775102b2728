package io.spear.model.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.model.egress.EgressRule;
import io.spear.model.error.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskAllowedHostsTest {

  @Test
  void aTaskWithoutTheKeyKeepsItsNodesWholeList() {
    assertThat(TaskSettings.parse(Map.of()).httpAllowedHosts()).isEmpty();
  }

  @Test
  void commaSeparatedEntriesAreReadInCanonicalForm() {
    TaskSettings settings =
        TaskSettings.parse(Map.of("http.allowed_hosts", " API.Example.com. , *.github.com:443,"));

    assertThat(settings.httpAllowedHosts().orElseThrow())
        .extracting(EgressRule::host)
        .containsExactly("api.example.com", "github.com");
  }

  @Test
  void aMalformedEntryIsABadRequestNamingTheKey() {
    assertThatThrownBy(
            () -> TaskSettings.parse(Map.of("http.allowed_hosts", "https://api.example.com/v1")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("config.http.allowed_hosts")
        .hasMessageContaining("https://api.example.com/v1");
  }
}
