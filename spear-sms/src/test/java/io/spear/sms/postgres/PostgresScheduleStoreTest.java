package io.spear.sms.postgres;

import io.spear.sms.contract.ScheduleStoreContract;
import io.spear.sms.store.SmsStore;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;

/** The schedule store contract on PostgreSQL, a fresh database per test. */
class PostgresScheduleStoreTest extends ScheduleStoreContract {

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return PostgresStore.open(PostgresUrl.parse(TestPostgres.newDatabase()), clock);
  }
}
