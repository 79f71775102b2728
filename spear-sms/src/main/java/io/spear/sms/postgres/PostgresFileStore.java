package io.spear.sms.postgres;

import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.PayloadTooLargeException;
import io.spear.sms.Ids;
import io.spear.sms.Page;
import io.spear.sms.PageRequest;
import io.spear.sms.file.FileContent;
import io.spear.sms.file.FileMeta;
import io.spear.sms.file.FileStore;
import io.spear.sms.file.UploadRequest;
import io.spear.sms.jdbc.Sql;
import io.spear.sms.jdbc.StoreFailureException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files in PostgreSQL: metadata rows, and the bytes as chunks, stored once per distinct content.
 *
 * <p>An upload streams into chunks under a fresh content id, listed as staged; only once the whole
 * body is in and its checksum verified does one transaction turn it into a blob (or drop it for the
 * identical blob already there) and insert the file row. A crash mid-upload leaves staged chunks no
 * row points at, which {@link #sweepAbandonedUploads} removes.
 */
final class PostgresFileStore implements FileStore {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresFileStore.class);
  private static final String COLUMNS = "id, name, len, sha256, content_type, created_at";

  /** Bytes per chunk row: large enough to stream efficiently, small enough to hold in memory. */
  static final int CHUNK_BYTES = 256 * 1024;

  private final PostgresDatabase db;
  private final InstantSource clock;

  PostgresFileStore(PostgresDatabase db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public FileMeta put(InputStream body, UploadRequest request) {
    long contentId =
        db.read(
            c ->
                Sql.number(
                    c,
                    "INSERT INTO staged_content (content_id) VALUES (nextval('content_ids'))"
                        + " RETURNING content_id"));
    try {
      Staged staged = stage(contentId, body, request);
      FileMeta meta =
          new FileMeta(
              Ids.next(),
              request.name(),
              staged.len(),
              staged.sha256(),
              request.contentType(),
              Instant.ofEpochMilli(clock.millis()));
      return db.write(c -> publish(c, contentId, meta));
    } catch (RuntimeException e) {
      discardQuietly(contentId);
      throw e;
    }
  }

  private record Staged(String sha256, long len) {}

  // Streams the body into chunk rows, hashing as it goes. Each chunk commits on its own without
  // waiting for the disk: the publishing transaction's synchronous commit flushes the log up to
  // itself, chunks included, so an acknowledged upload is durable all the same.
  private Staged stage(long contentId, InputStream body, UploadRequest request) {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[CHUNK_BYTES];
    long len = 0;
    int seq = 0;
    try {
      while (true) {
        int filled = fill(body, buffer);
        if (filled == 0) {
          break;
        }
        len += filled;
        if (len > request.maxBytes()) {
          throw new PayloadTooLargeException(
              "upload exceeds the limit of " + request.maxBytes() + " bytes");
        }
        digest.update(buffer, 0, filled);
        writeChunk(contentId, seq++, buffer, filled);
        if (filled < buffer.length) {
          break;
        }
      }
    } catch (IOException e) {
      throw new StoreFailureException("cannot read upload body", e);
    }
    if (len == 0) {
      throw new InvalidRequestException(ErrorCode.EMPTY_UPLOAD, "upload body is empty");
    }
    String sha = HexFormat.of().formatHex(digest.digest());
    if (request.declaredSha256().isPresent() && !request.declaredSha256().get().equals(sha)) {
      throw new InvalidRequestException(
          ErrorCode.CHECKSUM_MISMATCH,
          "checksum mismatch: declared sha256 "
              + request.declaredSha256().get()
              + " but the body's sha256 is "
              + sha);
    }
    return new Staged(sha, len);
  }

  private void writeChunk(long contentId, int seq, byte[] buffer, int length) {
    db.write(
        c -> {
          try (PreparedStatement s = c.prepareStatement("SET LOCAL synchronous_commit TO OFF")) {
            s.execute();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO content_chunks (content_id, seq, data) VALUES (?,?,?)")) {
            s.setLong(1, contentId);
            s.setInt(2, seq);
            s.setBinaryStream(3, new java.io.ByteArrayInputStream(buffer, 0, length), length);
            s.executeUpdate();
          }
          return null;
        });
  }

  // Makes the staged content a blob, or drops it for an identical blob already there. The upsert
  // locks the blob row until commit, so a concurrent delete of the last file with this content
  // either finishes first (and this insert recreates the blob) or waits and then sees this row.
  private static FileMeta publish(Connection c, long contentId, FileMeta meta) throws SQLException {
    if (Sql.update(c, "DELETE FROM staged_content WHERE content_id = ?", contentId) == 0) {
      // Swept as abandoned while its client was still sending: its chunks are gone.
      throw new StoreFailureException(
          "upload took too long and was discarded", new IllegalStateException());
    }
    long blobContent =
        Sql.one(
                c,
                "INSERT INTO blobs (sha256, content_id, len) VALUES (?,?,?) ON CONFLICT (sha256)"
                    + " DO UPDATE SET len = excluded.len RETURNING content_id",
                r -> r.getLong(1),
                meta.sha256(),
                contentId,
                meta.len())
            .orElseThrow();
    if (blobContent != contentId) {
      Sql.update(c, "DELETE FROM content_chunks WHERE content_id = ?", contentId);
    }
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
  }

  private void discardQuietly(long contentId) {
    try {
      db.write(
          c -> {
            Sql.update(c, "DELETE FROM content_chunks WHERE content_id = ?", contentId);
            return Sql.update(c, "DELETE FROM staged_content WHERE content_id = ?", contentId);
          });
    } catch (RuntimeException e) {
      // The rows stay staged, never visible; the next sweep removes them.
      LOG.warn("cannot discard a failed upload's chunks (content {}): {}", contentId, e.toString());
    }
  }

  @Override
  public Optional<FileMeta> find(String id) {
    return db.read(
        c ->
            Sql.one(
                c, "SELECT " + COLUMNS + " FROM files WHERE id = ?", PostgresFileStore::meta, id));
  }

  // The whole download reads one snapshot, so a delete committed meanwhile cannot cut it short;
  // the connection is held until the stream is closed.
  @Override
  public Optional<FileContent> open(String id) {
    Connection c = null;
    try {
      c = db.connection();
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      Optional<FileMeta> meta =
          Sql.one(c, "SELECT " + COLUMNS + " FROM files WHERE id = ?", PostgresFileStore::meta, id);
      if (meta.isEmpty()) {
        release(c);
        return Optional.empty();
      }
      PreparedStatement chunks =
          c.prepareStatement(
              "SELECT k.data FROM blobs b JOIN content_chunks k ON k.content_id = b.content_id"
                  + " WHERE b.sha256 = ? ORDER BY k.seq");
      // A few chunks per round trip, in binary (not as hex text, twice the size to send and parse).
      chunks.setFetchSize(4);
      chunks.unwrap(PGStatement.class).setPrepareThreshold(-1);
      chunks.setString(1, meta.get().sha256());
      ResultSet rows = chunks.executeQuery();
      return Optional.of(new FileContent(meta.get(), new ChunkStream(c, chunks, rows)));
    } catch (SQLException e) {
      if (c != null) {
        release(c);
      }
      throw new StoreFailureException("cannot open file " + id, e);
    }
  }

  private static void release(Connection c) {
    try (c) {
      c.rollback();
      c.setReadOnly(false);
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // The pool validates connections; a broken one is replaced.
    }
  }

  /** A file's chunks read one row at a time from a server-side cursor. */
  private static final class ChunkStream extends InputStream {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private byte[] chunk = new byte[0];
    private int pos;
    private boolean closed;

    ChunkStream(Connection connection, PreparedStatement statement, ResultSet rows) {
      this.connection = connection;
      this.statement = statement;
      this.rows = rows;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (pos == chunk.length) {
        if (closed) {
          return -1;
        }
        try {
          if (!rows.next()) {
            close();
            return -1;
          }
          chunk = rows.getBytes(1);
          pos = 0;
        } catch (SQLException e) {
          close();
          throw new IOException("cannot read file content from the database", e);
        }
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        rows.close();
        statement.close();
      } catch (SQLException e) {
        // Closing the connection below releases the cursor anyway.
      }
      release(connection);
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
      String pattern = "%" + escapeLike(query.toLowerCase(Locale.ROOT)) + "%";
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
                        + " ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?",
                    PostgresFileStore::meta,
                    Sql.plus(List.of(filter), page.limit(), page.offset())),
                Sql.number(c, "SELECT count(*) FROM files" + where, filter)));
  }

  // The blob row is locked before the last-reference check, so an upload publishing the same
  // content meanwhile is either seen (and the blob kept) or waits and recreates the blob.
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
          Optional<Long> contentId =
              Sql.one(
                  c,
                  "SELECT content_id FROM blobs WHERE sha256 = ? FOR UPDATE",
                  r -> r.getLong(1),
                  sha.get());
          boolean stillReferenced =
              Sql.one(c, "SELECT 1 FROM files WHERE sha256 = ? LIMIT 1", r -> true, sha.get())
                  .isPresent();
          if (!stillReferenced && contentId.isPresent()) {
            Sql.update(c, "DELETE FROM blobs WHERE sha256 = ?", sha.get());
            Sql.update(c, "DELETE FROM content_chunks WHERE content_id = ?", contentId.get());
          }
          return true;
        });
  }

  @Override
  public long storedBytes() {
    return db.read(c -> Sql.number(c, "SELECT coalesce(sum(len), 0) FROM blobs"));
  }

  /**
   * Removes chunks of uploads staged longer ago than {@code olderThanSeconds} and never published
   * (their replica died mid-upload); returns how many uploads were removed. The age, measured by
   * the database's clock, keeps it away from uploads other replicas are streaming right now.
   */
  int sweepAbandonedUploads(long olderThanSeconds) {
    return db.write(
        c -> {
          List<Long> abandoned =
              Sql.list(
                  c,
                  "DELETE FROM staged_content WHERE started_at < now() - make_interval(secs => ?)"
                      + " RETURNING content_id",
                  r -> r.getLong(1),
                  (double) olderThanSeconds);
          for (long contentId : abandoned) {
            Sql.update(c, "DELETE FROM content_chunks WHERE content_id = ?", contentId);
          }
          return abandoned.size();
        });
  }

  private static int fill(InputStream in, byte[] buffer) throws IOException {
    int filled = 0;
    while (filled < buffer.length) {
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return filled;
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
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
