package io.spear.sms.jdbc;

import io.spear.sms.stream.StreamSession;
import io.spear.sms.stream.StreamSessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Stream session tokens as rows, for SQLite and PostgreSQL alike. */
public final class JdbcStreamSessionStore implements StreamSessionStore {

  private final Database db;

  public JdbcStreamSessionStore(Database db) {
    this.db = db;
  }

  @Override
  public void put(StreamSession session) {
    db.write(
        c ->
            Sql.update(
                c,
                "INSERT INTO stream_sessions (token_hash, execution_id, expires_at) VALUES (?,?,?)",
                session.tokenHash(),
                session.executionId(),
                session.expiresAtMs()));
  }

  @Override
  public Optional<StreamSession> take(String tokenHash) {
    return db.write(
        c -> {
          Optional<StreamSession> found =
              Sql.one(
                  c,
                  "SELECT token_hash, execution_id, expires_at FROM stream_sessions"
                      + " WHERE token_hash = ?",
                  JdbcStreamSessionStore::session,
                  tokenHash);
          // Only the caller whose delete removed the row owns the token.
          if (found.isEmpty()
              || Sql.update(c, "DELETE FROM stream_sessions WHERE token_hash = ?", tokenHash)
                  != 1) {
            return Optional.<StreamSession>empty();
          }
          return found;
        });
  }

  @Override
  public int purgeExpired(long nowMs) {
    return db.write(c -> Sql.update(c, "DELETE FROM stream_sessions WHERE expires_at < ?", nowMs));
  }

  private static StreamSession session(ResultSet r) throws SQLException {
    return new StreamSession(
        r.getString("token_hash"), r.getString("execution_id"), r.getLong("expires_at"));
  }
}
