package io.spear.sms.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.stream.StreamSession;
import org.junit.jupiter.api.Test;

/** What every stream session store does. */
public abstract class StreamSessionStoreContract extends StoreContract {

  @Test
  void aSessionCanBeTakenOnceOnly() {
    StreamSession session = new StreamSession("hash-1", "exec-1", 5_000);
    store.streamSessions().put(session);

    assertThat(store.streamSessions().take("hash-1")).contains(session);
    assertThat(store.streamSessions().take("hash-1")).isEmpty();
  }

  @Test
  void unknownTokensAreNotFound() {
    assertThat(store.streamSessions().take("never-issued")).isEmpty();
  }

  @Test
  void purgingRemovesOnlyExpiredSessions() {
    store.streamSessions().put(new StreamSession("old", "e", 1_000));
    store.streamSessions().put(new StreamSession("new", "e", 3_000));

    assertThat(store.streamSessions().purgeExpired(2_000)).isEqualTo(1);
    assertThat(store.streamSessions().take("old")).isEmpty();
    assertThat(store.streamSessions().take("new")).isPresent();
  }
}
