package io.spear.sms.contract;

import io.spear.sms.store.SmsStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every store contract shares: a fresh, empty store per test on a clock the test moves. Each
 * implementation (SQLite, PostgreSQL) subclasses each contract once, saying how to open it.
 */
public abstract class StoreContract {

  /** A clock that moves only when told. */
  protected static final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    public Instant instant() {
      return now.get();
    }

    /** Moves the clock forward. */
    public void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }
  }

  protected final TestClock clock = new TestClock();
  protected SmsStore store;

  /** A new, empty store of the implementation under test. */
  protected abstract SmsStore openEmptyStore(InstantSource clock);

  @BeforeEach
  void openStore() {
    store = openEmptyStore(clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }
}
