package io.spear.sms.sqlite;

import io.spear.sms.contract.SecretStoreContract;
import io.spear.sms.store.SmsStore;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.io.TempDir;

/** The secret store contract on the embedded SQLite store. */
class SqliteSecretStoreTest extends SecretStoreContract {

  @TempDir Path dataDir;

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return EmbeddedStore.open(dataDir, clock);
  }
}
