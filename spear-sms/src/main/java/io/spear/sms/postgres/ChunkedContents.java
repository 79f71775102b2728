package io.spear.sms.postgres;

import io.spear.sms.file.FileMeta;
import io.spear.sms.file.UploadRequest;
import io.spear.sms.jdbc.FileContents;
import io.spear.sms.jdbc.Sql;
import io.spear.sms.jdbc.StoreFailureException;
import io.spear.sms.jdbc.UploadDigest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File bytes in PostgreSQL as chunk rows, stored once per distinct content.
 *
 * <p>An upload streams into chunks under a fresh content id, listed as staged; only once the whole
 * body is in and its checksum verified does the file row's transaction turn it into a blob (or drop
 * it for the identical blob already there). A crash mid-upload leaves staged chunks no row points
 * at, which {@link #sweepAbandonedUploads} removes.
 */
final class ChunkedContents implements FileContents<ChunkedContents.StagedChunks> {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkedContents.class);

  /** Bytes per chunk row: large enough to stream efficiently, small enough to hold in memory. */
  static final int CHUNK_BYTES = 256 * 1024;

  private final PostgresDatabase db;

  ChunkedContents(PostgresDatabase db) {
    this.db = db;
  }

  /** An upload's chunks under {@code contentId}. */
  record StagedChunks(long contentId, String sha256, long len) implements FileContents.Staged {}

  @Override
  public StagedChunks stage(InputStream body, UploadRequest request) {
    long contentId =
        db.read(
            c ->
                Sql.number(
                    c,
                    "INSERT INTO staged_content (content_id) VALUES (nextval('content_ids'))"
                        + " RETURNING content_id"));
    try {
      UploadDigest digest = new UploadDigest(request.maxBytes());
      writeChunks(contentId, body, digest);
      return new StagedChunks(contentId, digest.finish(request.declaredSha256()), digest.len());
    } catch (RuntimeException e) {
      discardQuietly(contentId);
      throw e;
    }
  }

  // Each chunk commits on its own without waiting for the disk: the publishing transaction's
  // synchronous commit flushes the log up to itself, chunks included, so an acknowledged upload is
  // durable all the same.
  private void writeChunks(long contentId, InputStream body, UploadDigest digest) {
    byte[] buffer = new byte[CHUNK_BYTES];
    int seq = 0;
    try {
      while (true) {
        int filled = fill(body, buffer);
        if (filled == 0) {
          return;
        }
        digest.update(buffer, 0, filled);
        writeChunk(contentId, seq++, buffer, filled);
        if (filled < buffer.length) {
          return;
        }
      }
    } catch (IOException e) {
      throw new StoreFailureException("cannot read upload body", e);
    }
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
            s.setBinaryStream(3, new ByteArrayInputStream(buffer, 0, length), length);
            s.executeUpdate();
          }
          return null;
        });
  }

  // Makes the staged content a blob, or drops it for an identical blob already there. The upsert
  // locks the blob row until commit, so a concurrent delete of the last file with this content
  // either finishes first (and this insert recreates the blob) or waits and then sees this row.
  @Override
  public void publish(Connection c, StagedChunks staged) throws SQLException {
    long contentId = staged.contentId();
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
                staged.sha256(),
                contentId,
                staged.len())
            .orElseThrow();
    if (blobContent != contentId) {
      Sql.update(c, "DELETE FROM content_chunks WHERE content_id = ?", contentId);
    }
  }

  @Override
  public void discard(StagedChunks staged) {
    discardQuietly(staged.contentId());
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

  // The whole download reads one snapshot, so a delete committed meanwhile cannot cut it short;
  // the connection is held until the stream is closed.
  @Override
  public Optional<InputStream> open(FileMeta meta) {
    Connection c = null;
    try {
      c = db.connection();
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      // Read again in the snapshot: a file deleted since the caller's read is gone here too.
      if (Sql.one(c, "SELECT 1 FROM files WHERE id = ?", r -> true, meta.id()).isEmpty()) {
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
      chunks.setString(1, meta.sha256());
      ResultSet rows = chunks.executeQuery();
      return Optional.of(new ChunkStream(c, chunks, rows));
    } catch (SQLException e) {
      if (c != null) {
        release(c);
      }
      throw new StoreFailureException("cannot open file " + meta.id(), e);
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

  // The blob row is locked before the last-reference check, so an upload publishing the same
  // content meanwhile is either seen (and the blob kept) or waits and recreates the blob.
  @Override
  public void lock(Connection c, String sha256) throws SQLException {
    Sql.one(c, "SELECT 1 FROM blobs WHERE sha256 = ? FOR UPDATE", r -> true, sha256);
  }

  @Override
  public void removeUnreferenced(Connection c, String sha256) throws SQLException {
    for (long contentId :
        Sql.list(
            c,
            "DELETE FROM blobs WHERE sha256 = ? RETURNING content_id",
            r -> r.getLong(1),
            sha256)) {
      Sql.update(c, "DELETE FROM content_chunks WHERE content_id = ?", contentId);
    }
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
}
