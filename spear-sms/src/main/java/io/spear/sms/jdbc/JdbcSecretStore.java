package io.spear.sms.jdbc;

import io.spear.model.json.Json;
import io.spear.sms.secret.SecretStore;
import io.spear.sms.secret.StoredSecret;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** Secrets as rows holding the sealed value; the same SQL on SQLite and PostgreSQL. */
public final class JdbcSecretStore implements SecretStore {

  private static final String COLUMNS = "name, sealed, allowed_hosts, created_at, updated_at";

  private final Database db;
  private final InstantSource clock;

  public JdbcSecretStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public boolean put(String name, String sealed, List<String> allowedHosts) {
    long now = clock.instant().toEpochMilli();
    return db.write(
        c -> {
          boolean existed = Sql.number(c, "SELECT COUNT(*) FROM secrets WHERE name = ?", name) > 0;
          Sql.update(
              c,
              "INSERT INTO secrets (name, created_at, updated_at, allowed_hosts, sealed)"
                  + " VALUES (?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET"
                  + " updated_at = excluded.updated_at, allowed_hosts = excluded.allowed_hosts,"
                  + " sealed = excluded.sealed",
              name,
              now,
              now,
              Json.write(allowedHosts),
              sealed);
          return existed;
        });
  }

  @Override
  public Optional<StoredSecret> find(String name) {
    return db.read(
        c ->
            Sql.one(
                c,
                "SELECT " + COLUMNS + " FROM secrets WHERE name = ?",
                JdbcSecretStore::secret,
                name));
  }

  @Override
  public List<StoredSecret> list() {
    return db.read(
        c ->
            Sql.list(
                c, "SELECT " + COLUMNS + " FROM secrets ORDER BY name", JdbcSecretStore::secret));
  }

  @Override
  public boolean delete(String name) {
    return db.write(c -> Sql.update(c, "DELETE FROM secrets WHERE name = ?", name) > 0);
  }

  private static StoredSecret secret(ResultSet r) throws SQLException {
    return new StoredSecret(
        r.getString("name"),
        r.getString("sealed"),
        List.of(Json.read(r.getString("allowed_hosts"), String[].class)),
        r.getLong("created_at"),
        r.getLong("updated_at"));
  }
}
