package io.spear.sms.postgres;

import io.spear.sms.SmsStore;
import io.spear.sms.contract.ScheduleStoreContract;
import io.spear.testing.TestPostgres;
import java.time.InstantSource;

/** The schedule store contract on PostgreSQL, a fresh database per test. */
class PostgresScheduleStoreTest extends ScheduleStoreContract {

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return PostgresStore.open(PostgresUrl.parse(TestPostgres.newDatabase()), clock);
  }
}
