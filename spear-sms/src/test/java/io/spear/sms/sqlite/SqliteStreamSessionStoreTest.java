package io.spear.sms.sqlite;

import io.spear.sms.contract.StreamSessionStoreContract;
import io.spear.sms.store.SmsStore;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.io.TempDir;

/** The stream session store contract on the embedded SQLite store. */
class SqliteStreamSessionStoreTest extends StreamSessionStoreContract {

  @TempDir Path dataDir;

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return EmbeddedStore.open(dataDir, clock);
  }
}
