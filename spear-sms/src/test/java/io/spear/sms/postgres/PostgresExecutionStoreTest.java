package io.spear.sms.postgres;

import io.spear.sms.contract.ExecutionStoreContract;
import io.spear.sms.store.SmsStore;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;

/** The execution store contract on PostgreSQL, a fresh database per test. */
class PostgresExecutionStoreTest extends ExecutionStoreContract {

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return PostgresStore.open(PostgresUrl.parse(TestPostgres.newDatabase()), clock);
  }
}
