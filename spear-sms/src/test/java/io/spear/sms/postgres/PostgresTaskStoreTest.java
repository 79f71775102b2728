package io.spear.sms.postgres;

import io.spear.sms.contract.TaskStoreContract;
import io.spear.sms.store.SmsStore;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;

/** The task store contract on PostgreSQL, a fresh database per test. */
class PostgresTaskStoreTest extends TaskStoreContract {

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return PostgresStore.open(PostgresUrl.parse(TestPostgres.newDatabase()), clock);
  }
}
