package io.spear.sms.postgres;

import io.spear.sms.contract.FailureLedgerContract;
import io.spear.sms.store.SmsStore;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;

/** The failure ledger on PostgreSQL, shared by replicas, a fresh database per test. */
class PostgresFailureLedgerTest extends FailureLedgerContract {

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return PostgresStore.open(PostgresUrl.parse(TestPostgres.newDatabase()), clock);
  }
}
