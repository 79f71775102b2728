package io.spear.sms.sqlite;

import io.spear.sms.Ids;
import io.spear.sms.Page;
import io.spear.sms.PageRequest;
import io.spear.sms.file.FileContent;
import io.spear.sms.file.FileMeta;
import io.spear.sms.file.FileStore;
import io.spear.sms.file.UploadRequest;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
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
            try (PreparedStatement s =
                c.prepareStatement("INSERT INTO files (" + COLUMNS + ") VALUES (?,?,?,?,?,?)")) {
              s.setString(1, meta.id());
              s.setString(2, meta.name());
              s.setLong(3, meta.len());
              s.setString(4, meta.sha256());
              s.setString(5, meta.contentType());
              s.setLong(6, meta.createdAt().toEpochMilli());
              s.executeUpdate();
            }
            return meta;
          });
    } finally {
      blobs.discard(staged);
    }
  }

  @Override
  public Optional<FileMeta> find(String id) {
    return db.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT " + COLUMNS + " FROM files WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? Optional.of(meta(r)) : Optional.<FileMeta>empty();
            }
          }
        });
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
    String pattern = "%" + escapeLike(query.toLowerCase(java.util.Locale.ROOT)) + "%";
    String where =
        query.isEmpty()
            ? ""
            : " WHERE lower(id) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'";
    return db.read(
        c -> {
          long total;
          try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM files" + where)) {
            bindQuery(s, query, pattern);
            try (ResultSet r = s.executeQuery()) {
              r.next();
              total = r.getLong(1);
            }
          }
          List<FileMeta> items = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM files"
                      + where
                      + " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?")) {
            int next = bindQuery(s, query, pattern);
            s.setInt(next, page.limit());
            s.setInt(next + 1, page.offset());
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                items.add(meta(r));
              }
            }
          }
          return new Page<>(items, total);
        });
  }

  @Override
  public boolean delete(String id) {
    return db.write(
        c -> {
          String sha;
          try (PreparedStatement s = c.prepareStatement("SELECT sha256 FROM files WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return false;
              }
              sha = r.getString(1);
            }
          }
          try (PreparedStatement s = c.prepareStatement("DELETE FROM files WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
          }
          boolean stillReferenced;
          try (PreparedStatement s =
              c.prepareStatement("SELECT 1 FROM files WHERE sha256 = ? LIMIT 1")) {
            s.setString(1, sha);
            try (ResultSet r = s.executeQuery()) {
              stillReferenced = r.next();
            }
          }
          // Commit first, then remove bytes: a crash in between leaves an orphan blob, which the
          // next start sweeps, never a row without bytes.
          c.commit();
          if (!stillReferenced) {
            blobs.remove(sha);
          }
          return true;
        });
  }

  @Override
  public long storedBytes() {
    return db.read(
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT coalesce(sum(len), 0) FROM"
                          + " (SELECT max(len) AS len FROM files GROUP BY sha256)");
              ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
          }
        });
  }

  /** Removes blobs no row references and staging leftovers; returns how many were removed. */
  int sweepOrphans() {
    Set<String> referenced =
        db.read(
            c -> {
              Set<String> shas = new HashSet<>();
              try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT sha256 FROM files");
                  ResultSet r = s.executeQuery()) {
                while (r.next()) {
                  shas.add(r.getString(1));
                }
              }
              return shas;
            });
    return blobs.sweep(referenced);
  }

  private static int bindQuery(PreparedStatement s, String query, String pattern)
      throws SQLException {
    if (query.isEmpty()) {
      return 1;
    }
    s.setString(1, pattern);
    s.setString(2, pattern);
    return 3;
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
