package io.spear.client.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.client.ApiCallException;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.PayloadTooLargeException;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.support.net.BearerToken;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The key-value client against a real SMS. */
@Timeout(60)
class KvClientTest {

  @TempDir Path dataDir;
  private SmsServer sms;
  private KvClient kv;

  @BeforeEach
  void start() {
    sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dataDir))
            .kvMaxKeysPerNamespace(3)
            .start();
    kv = new KvClient("127.0.0.1:" + sms.port(), BearerToken.NONE, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    kv.close();
    sms.close();
  }

  @Test
  void aGuestReadsItsOwnWrites() {
    long version = kv.put("app", "users/ada", "hello".getBytes(UTF_8));

    KvValue read = kv.get("app", "users/ada").orElseThrow();
    assertThat(read.value()).asString(UTF_8).isEqualTo("hello");
    assertThat(read.version()).isEqualTo(version);
    assertThat(kv.get("app", "users/bob")).isEmpty();
  }

  @Test
  void compareAndSetAndCreateOnlyAnswerAMismatchAsAResult() {
    long v1 = kv.put("app", "n", "1".getBytes(UTF_8));

    KvWrite first = kv.putIfVersion("app", "n", "2".getBytes(UTF_8), v1);
    assertThat(first).isInstanceOf(KvWrite.Written.class);
    assertThat(kv.putIfVersion("app", "n", "3".getBytes(UTF_8), v1))
        .isInstanceOf(KvWrite.VersionMismatch.class);
    assertThat(kv.create("app", "n", "x".getBytes(UTF_8)))
        .isInstanceOf(KvWrite.VersionMismatch.class);
    assertThat(kv.create("app", "fresh", "x".getBytes(UTF_8)))
        .isEqualTo(new KvWrite.Written(((KvWrite.Written) first).version() + 1, true));
  }

  @Test
  void deletesAnswerWhatTheyFound() {
    long v = kv.put("app", "k", new byte[] {1});

    assertThat(kv.deleteIfVersion("app", "k", v + 7)).isInstanceOf(KvWrite.VersionMismatch.class);
    assertThat(kv.delete("app", "k")).isEqualTo(new KvWrite.Written(v, false));
    assertThat(kv.delete("app", "k")).isEqualTo(new KvWrite.NotFound());
  }

  @Test
  void aListingPagesByCursor() {
    for (String key : List.of("a/1", "a/2", "b")) {
      kv.put("app", key, key.getBytes(UTF_8));
    }
    List<String> keys = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      KvListing page = kv.list("app", "a/", cursor, 1);
      assertThat(page.count()).isEqualTo(2);
      page.keys().forEach(k -> keys.add(k.key()));
      cursor = page.nextCursor();
    } while (cursor.isPresent());

    assertThat(keys).containsExactly("a/1", "a/2");
    assertThat(kv.list("app", "", Optional.empty(), 10).keys().get(2).size()).isEqualTo(1);
  }

  @Test
  void limitsAreRefusedBeforeSendingAndByTheServerInTheSameWords() {
    assertThatThrownBy(() -> kv.put("app", "k".repeat(513), new byte[0]))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("the limit is 512 bytes");
    assertThatThrownBy(() -> kv.put("app", "k", new byte[1024 * 1024 + 1]))
        .isInstanceOf(PayloadTooLargeException.class);
    for (String key : List.of("a", "b", "c")) {
      kv.put("full", key, new byte[0]);
    }
    assertThatThrownBy(() -> kv.put("full", "d", new byte[0]))
        .isInstanceOfSatisfying(
            ApiCallException.class,
            e -> {
              assertThat(e.error()).isEqualTo("NAMESPACE_FULL");
              assertThat(e.getMessage()).contains("holds 3 keys, its limit");
            });
  }

  @Test
  void anUnreachableSmsIsAnErrorWithinTheTimeout() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (KvClient nowhere =
        new KvClient("127.0.0.1:" + port, BearerToken.NONE, Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> nowhere.get("app", "k"))
          .isInstanceOfSatisfying(
              ApiCallException.class, e -> assertThat(e.error()).isEqualTo("UNREACHABLE"));
    }
  }

  @Test
  void aSecondAddressIsUsedWhenTheFirstCannotBeReached() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (KvClient failover =
        new KvClient(
            "127.0.0.1:" + port + ",127.0.0.1:" + sms.port(),
            BearerToken.NONE,
            Duration.ofSeconds(5))) {
      failover.put("app", "k", "v".getBytes(UTF_8));
      assertThat(kv.get("app", "k").orElseThrow().value()).asString(UTF_8).isEqualTo("v");
    }
  }
}
