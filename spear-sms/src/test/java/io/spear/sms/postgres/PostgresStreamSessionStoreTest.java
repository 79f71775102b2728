package io.spear.sms.postgres;

import io.spear.sms.contract.StreamSessionStoreContract;
import io.spear.sms.store.SmsStore;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;

/** The stream session store contract on PostgreSQL, a fresh database per test. */
class PostgresStreamSessionStoreTest extends StreamSessionStoreContract {

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return PostgresStore.open(PostgresUrl.parse(TestPostgres.newDatabase()), clock);
  }
}
