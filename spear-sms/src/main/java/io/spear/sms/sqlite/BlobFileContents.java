package io.spear.sms.sqlite;

import io.spear.sms.file.FileMeta;
import io.spear.sms.file.UploadRequest;
import io.spear.sms.jdbc.FileContents;
import io.spear.sms.jdbc.Sql;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * File bytes in a {@link BlobDirectory} beside the SQLite database: published (renamed into place)
 * before the file row commits, and removed only after the row's delete committed, so a crash can
 * leave an orphan blob, which the next start sweeps, but never a row without bytes.
 */
final class BlobFileContents implements FileContents<BlobDirectory.StagedBlob> {

  private final BlobDirectory blobs;

  BlobFileContents(BlobDirectory blobs) {
    this.blobs = blobs;
  }

  @Override
  public BlobDirectory.StagedBlob stage(InputStream body, UploadRequest request) {
    return blobs.stage(body, request.maxBytes(), request.declaredSha256());
  }

  @Override
  public void publish(Connection c, BlobDirectory.StagedBlob staged) {
    blobs.publish(staged);
  }

  @Override
  public void discard(BlobDirectory.StagedBlob staged) {
    blobs.discard(staged);
  }

  @Override
  public Optional<InputStream> open(FileMeta meta) {
    try {
      return Optional.of(blobs.open(meta.sha256()));
    } catch (NoSuchFileException e) {
      // Deleted between the row read and the open: the file is gone, as for any reader after it.
      return Optional.empty();
    }
  }

  // Writes are serialized by the database's lock: no upload can publish this content meanwhile.
  @Override
  public void lock(Connection c, String sha256) {}

  @Override
  public void removeUnreferenced(Connection c, String sha256) throws SQLException {
    c.commit();
    blobs.remove(sha256);
  }

  /** Removes blobs no row references and staging leftovers; returns how many were removed. */
  int sweepOrphans(SqliteDatabase db) {
    Set<String> referenced =
        new HashSet<>(
            db.read(c -> Sql.list(c, "SELECT DISTINCT sha256 FROM files", r -> r.getString(1))));
    return blobs.sweep(referenced);
  }
}
