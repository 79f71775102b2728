package io.spear.sms.postgres;

import io.spear.sms.contract.NodeStoreContract;
import io.spear.sms.store.SmsStore;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;

/** The node store contract on PostgreSQL, a fresh database per test. */
class PostgresNodeStoreTest extends NodeStoreContract {

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return PostgresStore.open(PostgresUrl.parse(TestPostgres.newDatabase()), clock);
  }
}
