package io.spear.sms.sqlite;

import io.spear.sms.contract.FailureLedgerContract;
import io.spear.sms.store.SmsStore;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's failure ledger (in memory: one process uses the store). */
class SqliteFailureLedgerTest extends FailureLedgerContract {

  @TempDir Path dataDir;

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return EmbeddedStore.open(dataDir, clock);
  }
}
