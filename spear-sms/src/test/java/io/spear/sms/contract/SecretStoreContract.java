package io.spear.sms.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.secret.StoredSecret;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every secret store does. */
public abstract class SecretStoreContract extends StoreContract {

  @Test
  void aSecretIsKeptSealedWithItsHostsAndTimes() {
    assertThat(store.secrets().put("API_KEY", "sealed-1", List.of("api.example.com"))).isFalse();

    StoredSecret secret = store.secrets().find("API_KEY").orElseThrow();
    assertThat(secret.sealed()).isEqualTo("sealed-1");
    assertThat(secret.allowedHosts()).containsExactly("api.example.com");
    assertThat(secret.createdAt()).isEqualTo(clock.instant().toEpochMilli());
    assertThat(secret.updatedAt()).isEqualTo(secret.createdAt());
  }

  @Test
  void replacingASecretKeepsItsCreationTimeAndSaysItReplaced() {
    store.secrets().put("API_KEY", "sealed-1", List.of());
    long created = clock.instant().toEpochMilli();
    clock.advance(Duration.ofSeconds(5));

    assertThat(store.secrets().put("API_KEY", "sealed-2", List.of("*.github.com:443"))).isTrue();

    StoredSecret secret = store.secrets().find("API_KEY").orElseThrow();
    assertThat(secret.sealed()).isEqualTo("sealed-2");
    assertThat(secret.allowedHosts()).containsExactly("*.github.com:443");
    assertThat(secret.createdAt()).isEqualTo(created);
    assertThat(secret.updatedAt()).isEqualTo(created + 5_000);
  }

  @Test
  void secretsAreListedByNameAndDeletedOnce() {
    store.secrets().put("b", "s", List.of());
    store.secrets().put("a", "s", List.of());

    assertThat(store.secrets().list()).extracting(StoredSecret::name).containsExactly("a", "b");
    assertThat(store.secrets().delete("a")).isTrue();
    assertThat(store.secrets().delete("a")).isFalse();
    assertThat(store.secrets().find("a")).isEmpty();
    assertThat(store.secrets().list()).extracting(StoredSecret::name).containsExactly("b");
  }
}
