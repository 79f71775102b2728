package io.spear.sms.sqlite;

import io.spear.sms.contract.NodeResourceStoreContract;
import io.spear.sms.store.SmsStore;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.io.TempDir;

/** The node resource store contract on the embedded SQLite store. */
class SqliteNodeResourceStoreTest extends NodeResourceStoreContract {

  @TempDir Path dataDir;

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return EmbeddedStore.open(dataDir, clock);
  }
}
