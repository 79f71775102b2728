package io.spear.sms.jdbc;

import io.spear.sms.file.FileContent;
import io.spear.sms.file.FileMeta;
import io.spear.sms.file.FileStore;
import io.spear.sms.file.UploadRequest;
import io.spear.sms.id.Ids;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Files as metadata rows over {@link FileContents}: the bytes are staged outside any transaction
 * (the slow part), then published in the one transaction that adds the row, so a listed file can
 * always be read.
 *
 * @param <S> what the contents stage for an upload
 */
public final class JdbcFileStore<S extends FileContents.Staged> implements FileStore {

  private static final String COLUMNS = "id, name, len, sha256, content_type, created_at";

  private final Database db;
  private final FileContents<S> contents;
  private final InstantSource clock;

  /** Files in {@code db} with their bytes in {@code contents}, timestamped by {@code clock}. */
  public JdbcFileStore(Database db, FileContents<S> contents, InstantSource clock) {
    this.db = db;
    this.contents = contents;
    this.clock = clock;
  }

  @Override
  public FileMeta put(InputStream body, UploadRequest request) {
    S staged = contents.stage(body, request);
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
            contents.publish(c, staged);
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
    } catch (RuntimeException e) {
      contents.discard(staged);
      throw e;
    }
  }

  @Override
  public Optional<FileMeta> find(String id) {
    return db.read(
        c -> Sql.one(c, "SELECT " + COLUMNS + " FROM files WHERE id = ?", JdbcFileStore::meta, id));
  }

  @Override
  public Optional<FileContent> open(String id) {
    return find(id).flatMap(meta -> contents.open(meta).map(in -> new FileContent(meta, in)));
  }

  @Override
  public Page<FileMeta> list(String query, PageRequest page) {
    Object[] filter;
    String where;
    if (query.isEmpty()) {
      filter = new Object[0];
      where = "";
    } else {
      String pattern = "%" + escapeLike(query.toLowerCase(Locale.ROOT)) + "%";
      filter = new Object[] {pattern, pattern};
      where = " WHERE lower(id) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'";
    }
    String order = " ORDER BY created_at DESC, " + db.dialect().insertionOrder() + " DESC";
    return db.read(
        c ->
            new Page<>(
                Sql.list(
                    c,
                    "SELECT " + COLUMNS + " FROM files" + where + order + " LIMIT ? OFFSET ?",
                    JdbcFileStore::meta,
                    Sql.plus(List.of(filter), page.limit(), page.offset())),
                Sql.number(c, "SELECT count(*) FROM files" + where, filter)));
  }

  @Override
  public boolean delete(String id) {
    return db.write(
        c -> {
          Optional<String> sha =
              Sql.one(
                  c, "DELETE FROM files WHERE id = ? RETURNING sha256", r -> r.getString(1), id);
          if (sha.isEmpty()) {
            return false;
          }
          contents.lock(c, sha.get());
          boolean stillReferenced =
              Sql.one(c, "SELECT 1 FROM files WHERE sha256 = ? LIMIT 1", r -> true, sha.get())
                  .isPresent();
          if (!stillReferenced) {
            contents.removeUnreferenced(c, sha.get());
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
                    + " (SELECT max(len) AS len FROM files GROUP BY sha256) AS contents"));
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
