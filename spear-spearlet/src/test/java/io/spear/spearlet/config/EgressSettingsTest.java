package io.spear.spearlet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.egress.EgressPolicy;
import io.spear.model.egress.EgressRule;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class EgressSettingsTest {

  private static JsonNode yaml(String text) throws IOException {
    return new YAMLMapper().readTree(text).path("egress");
  }

  @Test
  void theIssuesExampleIsReadAsThreeEntries() throws IOException {
    EgressPolicy policy =
        EgressSettings.parse(
            yaml(
                "egress:\n  allow: [api.example.com, \"*.github.com:443\", \"127.0.0.1:18099\"]\n"));

    assertThat(policy.allow())
        .extracting(EgressRule::text)
        .containsExactly("api.example.com", "*.github.com:443", "127.0.0.1:18099");
  }

  @Test
  void withoutASectionGuestsReachNothing() throws IOException {
    assertThat(EgressSettings.parse(yaml("other: 1\n")).allow()).isEmpty();
  }

  @Test
  void unknownKeysAndMalformedEntriesStopTheStartNamingThem() {
    assertThatThrownBy(() -> EgressSettings.parse(yaml("egress:\n  deny: [x]\n")))
        .hasMessageContaining("egress.deny");
    assertThatThrownBy(() -> EgressSettings.parse(yaml("egress:\n  allow: [\"http://x/\"]\n")))
        .hasMessageContaining("egress.allow")
        .hasMessageContaining("http://x/");
    assertThatThrownBy(() -> EgressSettings.parse(yaml("egress:\n  allow: api.example.com\n")))
        .hasMessageContaining("must be a list");
  }
}
