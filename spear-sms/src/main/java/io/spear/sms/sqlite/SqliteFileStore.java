package io.spear.sms.sqlite;

import io.spear.sms.Ids;
import io.spear.sms.Page;
import io.spear.sms.PageRequest;
import io.spear.sms.file.FileContent;
import io.spear.sms.file.FileMeta;
import io.spear.sms.file.FileStore;
import io.spear.sms.file.UploadRequest;
import io.spear.sms.jdbc.Sql;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Files as SQLite rows over a {@link BlobDirectory}: bytes published before their row commits. */
final class SqliteFileStore implements FileStore {

  private static final String COLUMNS = "id, name, len, sha256, content_type, created_at";

  private final SqliteDatabase db;
  private final BlobDirectory blobs;
  private final InstantSource clock;

  SqliteFileStore(SqliteDatabase db, BlobDirectory blobs, InstantSource clock) {
    this.db = db;
    this.blobs = blobs;
    this.clock = clock;
  }

  @Override
  public FileMeta put(InputStream body, UploadRequest request) {
    // The slow part, streaming and hashing, runs outside the write lock.
    BlobDirectory.StagedBlob staged =
        blobs.stage(body, request.maxBytes(), request.declaredSha256());
    FileMeta meta =
        new FileMeta(
            Ids.next(),
            request.name(),
            staged.len(),
            staged.sha256(),
            request.contentType(),
            Instant.ofEpochMilli(clock.millis()));
    try {
      return db.write(
          c -> {
            blobs.publish(staged);
            Sql.update(
                c,
                "INSERT INTO files (" + COLUMNS + ") VALUES (?,?,?,?,?,?)",
                meta.id(),
                meta.name(),
                meta.len(),
                meta.sha256(),
                meta.contentType(),
                meta.createdAt().toEpochMilli());
            return meta;
          });
    } finally {
      blobs.discard(staged);
    }
  }

  @Override
  public Optional<FileMeta> find(String id) {
    return db.read(
        c ->
            Sql.one(
                c, "SELECT " + COLUMNS + " FROM files WHERE id = ?", SqliteFileStore::meta, id));
  }

  @Override
  public Optional<FileContent> open(String id) {
    Optional<FileMeta> meta = find(id);
    if (meta.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new FileContent(meta.get(), blobs.open(meta.get().sha256())));
    } catch (NoSuchFileException e) {
      // Deleted between the row read and the open: the file is gone, as for any reader after it.
      return Optional.empty();
    }
  }

  @Override
  public Page<FileMeta> list(String query, PageRequest page) {
    Object[] filter;
    String where;
    if (query.isEmpty()) {
      filter = new Object[0];
      where = "";
    } else {
      String pattern = "%" + escapeLike(query.toLowerCase(java.util.Locale.ROOT)) + "%";
      filter = new Object[] {pattern, pattern};
      where = " WHERE lower(id) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'";
    }
    return db.read(
        c ->
            new Page<>(
                Sql.list(
                    c,
                    "SELECT "
                        + COLUMNS
                        + " FROM files"
                        + where
                        + " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
                    SqliteFileStore::meta,
                    Sql.plus(List.of(filter), page.limit(), page.offset())),
                Sql.number(c, "SELECT count(*) FROM files" + where, filter)));
  }

  @Override
  public boolean delete(String id) {
    return db.write(
        c -> {
          Optional<String> sha =
              Sql.one(c, "SELECT sha256 FROM files WHERE id = ?", r -> r.getString(1), id);
          if (sha.isEmpty()) {
            return false;
          }
          Sql.update(c, "DELETE FROM files WHERE id = ?", id);
          boolean stillReferenced =
              Sql.one(c, "SELECT 1 FROM files WHERE sha256 = ? LIMIT 1", r -> true, sha.get())
                  .isPresent();
          // Commit first, then remove bytes: a crash in between leaves an orphan blob, which the
          // next start sweeps, never a row without bytes.
          c.commit();
          if (!stillReferenced) {
            blobs.remove(sha.get());
          }
          return true;
        });
  }

  @Override
  public long storedBytes() {
    return db.read(
        c ->
            Sql.number(
                c,
                "SELECT coalesce(sum(len), 0) FROM"
                    + " (SELECT max(len) AS len FROM files GROUP BY sha256)"));
  }

  /** Removes blobs no row references and staging leftovers; returns how many were removed. */
  int sweepOrphans() {
    Set<String> referenced =
        new HashSet<>(
            db.read(c -> Sql.list(c, "SELECT DISTINCT sha256 FROM files", r -> r.getString(1))));
    return blobs.sweep(referenced);
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static FileMeta meta(ResultSet r) throws SQLException {
    return new FileMeta(
        r.getString("id"),
        r.getString("name"),
        r.getLong("len"),
        r.getString("sha256"),
        r.getString("content_type"),
        Instant.ofEpochMilli(r.getLong("created_at")));
  }
}
