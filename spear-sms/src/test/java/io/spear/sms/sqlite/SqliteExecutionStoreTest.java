package io.spear.sms.sqlite;

import io.spear.sms.contract.ExecutionStoreContract;
import io.spear.sms.store.SmsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.io.TempDir;

/** The execution store contract on the embedded SQLite store. */
class SqliteExecutionStoreTest extends ExecutionStoreContract {

  @TempDir Path dataDir;

  @Override
  protected SmsStore openEmptyStore(InstantSource clock) {
    return EmbeddedStore.open(dataDir, clock);
  }

  @Override
  protected long storedBytes() {
    long bytes = 0;
    for (String name : new String[] {"sms.db", "sms.db-wal"}) {
      try {
        bytes += Files.size(dataDir.resolve(name));
      } catch (NoSuchFileException e) {
        // No write-ahead log between checkpoints.
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bytes;
  }
}
