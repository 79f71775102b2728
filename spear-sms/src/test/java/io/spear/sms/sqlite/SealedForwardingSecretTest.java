package io.spear.sms.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.api.NodeRegistration;
import io.spear.sms.log.LogLimits;
import io.spear.sms.node.Node;
import io.spear.sms.secret.SecretsKey;
import io.spear.support.net.BearerToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a secrets key, the secret SMS presents to a node is kept sealed, not in clear. */
class SealedForwardingSecretTest {

  private static final String FORWARDING = "fwd-Zm9yd2FyZGluZy1zZWNyZXQtb2YtYS1ub2Rl";
  private static final SecretsKey KEY = SecretsKey.ofBase64(SecretsKey.generateBase64());

  @TempDir Path dataDir;

  private EmbeddedStore open(Optional<SecretsKey> key) {
    return EmbeddedStore.open(dataDir, InstantSource.system(), LogLimits.defaults(), key);
  }

  private String register(EmbeddedStore store) {
    return store
        .nodes()
        .register(
            new NodeRegistration("127.0.0.1", 1, 1, Map.of()),
            BearerToken.ofNullable(FORWARDING),
            Instant.now())
        .uuid();
  }

  @Test
  void theForwardingSecretIsSealedAtRestAndOpensWithTheKeyOnly() throws IOException {
    String uuid;
    try (EmbeddedStore store = open(Optional.of(KEY))) {
      uuid = register(store);
      assertThat(store.nodes().find(uuid).map(Node::forwarding).flatMap(BearerToken::value))
          .contains(FORWARDING);
    }
    assertThat(rawData()).doesNotContain(FORWARDING);
    try (EmbeddedStore store = open(Optional.of(KEY))) {
      assertThat(store.nodes().find(uuid).map(Node::forwarding).flatMap(BearerToken::value))
          .contains(FORWARDING);
    }
    try (EmbeddedStore store = open(Optional.empty())) {
      // Without the key the sealed secret is no secret at all; the node registers again.
      assertThat(store.nodes().find(uuid).map(Node::forwarding).flatMap(BearerToken::value))
          .isEmpty();
    }
  }

  @Test
  void withoutAKeyTheSecretIsKeptAsBeforeAndAKeyAddedLaterStillReadsIt() {
    String uuid;
    try (EmbeddedStore store = open(Optional.empty())) {
      uuid = register(store);
    }
    try (EmbeddedStore store = open(Optional.of(KEY))) {
      assertThat(store.nodes().find(uuid).map(Node::forwarding).flatMap(BearerToken::value))
          .contains(FORWARDING);
    }
  }

  private String rawData() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }
}
