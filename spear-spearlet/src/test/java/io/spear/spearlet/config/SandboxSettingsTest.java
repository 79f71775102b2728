package io.spear.spearlet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.runtime.NodeSecurity;
import io.spear.runtime.NodeSecurity.PreopenRule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SandboxSettingsTest {

  private static JsonNode yaml(String text) throws Exception {
    return new YAMLMapper().readTree(text).path("sandbox");
  }

  @Test
  void aMissingSectionAllowsNothing() throws Exception {
    assertThat(SandboxSettings.parse(yaml("max_in_flight: 4\n"))).isEqualTo(NodeSecurity.NONE);
  }

  @Test
  void preopenRulesAreReadOnlyUnlessMarkedWritableAndTrustedSmsAreListed() throws Exception {
    NodeSecurity security =
        SandboxSettings.parse(
            yaml(
                """
                sandbox:
                  preopen_allow:
                    - {path: /srv/models}
                    - {path: /srv/scratch, writable: true}
                  trusted_sms: ["10.0.0.5:8080"]
                """));
    assertThat(security.preopenAllow())
        .containsExactly(
            new PreopenRule(Path.of("/srv/models"), false),
            new PreopenRule(Path.of("/srv/scratch"), true));
    assertThat(security.trustedSms()).containsExactly("10.0.0.5:8080");
  }

  @Test
  void relativePathsAndUnknownKeysAreRefused() {
    assertThatThrownBy(
            () -> SandboxSettings.parse(yaml("sandbox:\n  preopen_allow: [{path: data}]\n")))
        .hasMessageContaining("absolute path");
    assertThatThrownBy(() -> SandboxSettings.parse(yaml("sandbox:\n  preopen: []\n")))
        .hasMessageContaining("unknown setting sandbox.preopen");
  }
}
