package io.spear.sms.postgres;

import io.spear.sms.contract.SecretStoreContract;
import io.spear.sms.store.SmsStore;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;

/** The secret store contract on PostgreSQL, a fresh database per test. */
class PostgresSecretStoreTest extends SecretStoreContract {

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return PostgresStore.open(PostgresUrl.parse(TestPostgres.newDatabase()), clock);
  }
}
