package io.spear.sms.sqlite;

import io.spear.http.auth.FailureLedger;
import io.spear.sms.jdbc.JdbcFileStore;
import io.spear.sms.jdbc.JdbcNodeStore;
import io.spear.sms.jdbc.JdbcSmsStore;
import io.spear.sms.log.LogLimits;
import io.spear.sms.node.LocalNodeChangeFeed;
import io.spear.sms.node.NodeChangeFeed;
import io.spear.sms.secret.SecretsKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup store: {@code <dataDir>/sms.db} (SQLite, WAL) and {@code <dataDir>/blobs}
 * (content-addressed file bytes).
 */
public final class EmbeddedStore extends JdbcSmsStore {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

  private final Path dataDir;
  private final SqliteDatabase db;
  private final LocalNodeChangeFeed nodeChanges;
  // One process uses this store, so its failure counts need not be written anywhere.
  private final FailureLedger authFailures = FailureLedger.inMemory();

  private EmbeddedStore(
      Path dataDir,
      SqliteDatabase db,
      BlobFileContents blobs,
      LocalNodeChangeFeed nodes,
      InstantSource clock,
      LogLimits logLimits) {
    super(db, new JdbcFileStore<>(db, blobs, clock), nodes, clock, logLimits);
    this.dataDir = dataDir;
    this.db = db;
    this.nodeChanges = nodes;
  }

  /** Opens (creating and migrating if needed) the store under {@code dataDir}. */
  public static EmbeddedStore open(Path dataDir, InstantSource clock) {
    return open(dataDir, clock, LogLimits.defaults());
  }

  /** Opens the store with these bounds on execution logs. */
  public static EmbeddedStore open(Path dataDir, InstantSource clock, LogLimits logLimits) {
    return open(dataDir, clock, logLimits, Optional.empty());
  }

  /** Opens the store, keeping nodes' forwarding secrets sealed under {@code key} if given. */
  public static EmbeddedStore open(
      Path dataDir, InstantSource clock, LogLimits logLimits, Optional<SecretsKey> key) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create data directory " + dataDir, e);
    }
    SqliteDatabase db = SqliteDatabase.open(dataDir.resolve("sms.db"));
    BlobFileContents blobs = new BlobFileContents(new BlobDirectory(dataDir.resolve("blobs")));
    // One SMS owns this database: it hears its node changes from the store itself.
    LocalNodeChangeFeed nodes = new LocalNodeChangeFeed(new JdbcNodeStore(db, key));
    EmbeddedStore store = new EmbeddedStore(dataDir, db, blobs, nodes, clock, logLimits);
    int swept = blobs.sweepOrphans(db);
    if (swept > 0) {
      LOG.info("removed {} unreferenced blob(s) or upload leftover(s) from {}", swept, dataDir);
    }
    return store;
  }

  @Override
  public FailureLedger authFailures() {
    return authFailures;
  }

  @Override
  public NodeChangeFeed nodeChanges() {
    return nodeChanges;
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("data_dir", dataDir.toAbsolutePath().toString());
  }

  @Override
  public void close() {
    db.close();
  }
}
