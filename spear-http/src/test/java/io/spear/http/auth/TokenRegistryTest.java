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
  void aNodeTokenMayBeBoundToOneNodeAndOnlyANodeToken() {
    String uuid = "6F1C2A3B-0000-4000-8000-00000000000A";
    String token = TokenRegistry.generateToken();
    TokenRegistry registry =
        parse(
            "- {name: node-a, role: node, node: %s, token_sha256: %s}"
                .formatted(uuid, TokenRegistry.sha256Hex(token)));
    String canonical = uuid.toLowerCase(java.util.Locale.ROOT);
    assertThat(registry.authenticate(token))
        .contains(new Caller("node-a", Role.NODE, Optional.of(canonical)));
    assertThat(registry.boundTo(canonical)).contains("node-a");
    assertThat(registry.boundTo("6f1c2a3b-0000-4000-8000-00000000000b")).isEmpty();

    String digest = "ab".repeat(32);
    assertThatThrownBy(
            () ->
                parse(
                    "- {name: a, role: user, node: %s, token_sha256: %s}".formatted(uuid, digest)))
        .hasMessageContaining("entry 0")
        .hasMessageContaining("only a node token may name a node");
    assertThatThrownBy(
            () ->
                parse("- {name: a, role: node, node: node-a, token_sha256: %s}".formatted(digest)))
        .hasMessageContaining("node must be the node's uuid");
  }

  @Test
  void theSecretSmsGaveANodeAuthenticatesAsSmsUntilTheOneAfterNext() {
    SmsCredential fromSms = new SmsCredential();
    TokenRegistry registry =
        parse(TokenRegistry.fileEntry("alice", Role.USER, "alice-token"))
            .withSmsCredential(fromSms);
    assertThat(registry.authenticate("first")).isEmpty();

    fromSms.accept("first");
    assertThat(registry.authenticate("first")).contains(new Caller("sms", Role.SMS));
    fromSms.accept("second");
    assertThat(registry.authenticate("first")).contains(new Caller("sms", Role.SMS));
    assertThat(registry.authenticate("second")).contains(new Caller("sms", Role.SMS));
    fromSms.accept("third");
    assertThat(registry.authenticate("first")).isEmpty();
    assertThat(registry.authenticate("alice-token")).contains(new Caller("alice", Role.USER));
    assertThat(TokenRegistry.empty().withSmsCredential(fromSms).isEmpty()).isTrue();
    assertThat(fromSms.toString()).doesNotContain("third");
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
