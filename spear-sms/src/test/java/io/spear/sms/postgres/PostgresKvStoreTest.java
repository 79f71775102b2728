package io.spear.sms.postgres;

import io.spear.sms.contract.KvStoreContract;
import io.spear.sms.store.SmsStore;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;

/** The key-value store contract on PostgreSQL, a fresh database per test. */
class PostgresKvStoreTest extends KvStoreContract {

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return PostgresStore.open(PostgresUrl.parse(TestPostgres.newDatabase()), clock);
  }
}
