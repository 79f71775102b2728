package io.spear.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenRegistryTest {

  private static TokenRegistry parse(String yaml) {
    return TokenRegistry.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
  }

  @Test
  void aTokenFileListsDigestsAndTheTokenItselfAuthenticatesWithItsRole() {
    String token = TokenRegistry.generateToken();
    TokenRegistry registry = parse(TokenRegistry.fileEntry("alice", Role.USER, token));
    assertThat(registry.authenticate(token)).contains(new Caller("alice", Role.USER));
    assertThat(registry.authenticate(token + "x")).isEmpty();
    assertThat(registry.authenticate("")).isEmpty();
    assertThat(registry.authenticate(TokenRegistry.sha256Hex(token))).isEmpty();
  }

  @Test
  void spearTokenAddsOneAdminAndNoTokensMeansAuthenticationIsOff() {
    assertThat(TokenRegistry.load(Optional.empty(), Optional.empty()).isEmpty()).isTrue();
    assertThat(TokenRegistry.load(Optional.empty(), Optional.of(" ")).isEmpty()).isTrue();
    TokenRegistry registry = TokenRegistry.load(Optional.empty(), Optional.of("s3cret"));
    assertThat(registry.authenticate("s3cret"))
        .contains(new Caller(TokenRegistry.ENV_TOKEN_NAME, Role.ADMIN));
  }

  @Test
  void badEntriesAreRefusedNamingTheEntryAndField() {
    assertThatThrownBy(() -> parse("{name: a}"))
        .hasMessageContaining("must be a list of {name, role, token_sha256}");
    assertThatThrownBy(
            () -> parse("- {name: a, role: root, token_sha256: " + "ab".repeat(32) + "}"))
        .hasMessageContaining("entry 0")
        .hasMessageContaining("role must be admin, user, node or viewer");
    assertThatThrownBy(() -> parse("- {name: a, role: user, token_sha256: abc}"))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> parse("- {role: user, token_sha256: " + "ab".repeat(32) + "}"))
        .hasMessageContaining("name is required");
    String twice = "- {name: a, role: user, token_sha256: " + "ab".repeat(32) + "}\n";
    assertThatThrownBy(() -> parse(twice + twice)).hasMessageContaining("unique");
  }

  @Test
  void theRegistryNeverPrintsItsDigests() {
    TokenRegistry registry = parse(TokenRegistry.fileEntry("a", Role.ADMIN, "t"));
    assertThat(registry.toString()).isEqualTo("TokenRegistry[1 tokens]");
    assertThat(ServerSecurity.withTokens(registry).withOutboundToken(Optional.of("t")).toString())
        .doesNotContain("=t,")
        .contains("outboundToken=***");
  }
}
