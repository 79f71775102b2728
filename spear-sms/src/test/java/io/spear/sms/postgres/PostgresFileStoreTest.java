package io.spear.sms.postgres;

import io.spear.sms.contract.FileStoreContract;
import io.spear.sms.store.SmsStore;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;

/** The file store contract on PostgreSQL, a fresh database per test. */
class PostgresFileStoreTest extends FileStoreContract {

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return PostgresStore.open(PostgresUrl.parse(TestPostgres.newDatabase()), clock);
  }
}
