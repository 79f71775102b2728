package io.spear.sms.jdbc;

import io.spear.sms.file.FileMeta;
import io.spear.sms.file.UploadRequest;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Where a {@link JdbcFileStore} keeps file bytes, stored once per distinct content: the part of the
 * file store that differs between the databases (a blob directory beside SQLite, chunk rows in
 * PostgreSQL).
 *
 * @param <S> what an upload staged
 */
public interface FileContents<S extends FileContents.Staged> {

  /** Bytes an upload wrote, checked but not yet visible. */
  interface Staged {
    /** The content's SHA-256, in hex. */
    String sha256();

    /** The content's length. */
    long len();
  }

  /**
   * Streams {@code body} in, hashing it as it goes and holding it to {@code request}'s rules (see
   * {@link UploadDigest}); on any failure nothing is left behind.
   */
  S stage(InputStream body, UploadRequest request);

  /** Makes staged bytes the content of their SHA-256, in the transaction that adds the file row. */
  void publish(Connection c, S staged) throws SQLException;

  /** Drops what a failed upload staged; never fails. */
  void discard(S staged);

  /** The content of a file just read, or empty when it was deleted meanwhile. */
  Optional<InputStream> open(FileMeta meta);

  /** In a delete's transaction, before it checks whether other files share the content. */
  void lock(Connection c, String sha256) throws SQLException;

  /** In a delete's transaction, when the deleted file was the last with this content. */
  void removeUnreferenced(Connection c, String sha256) throws SQLException;
}
