package io.spear.sms.jdbc;

import io.spear.sms.kv.KvCondition;
import io.spear.sms.kv.KvEntry;
import io.spear.sms.kv.KvKey;
import io.spear.sms.kv.KvNamespace;
import io.spear.sms.kv.KvOutcome;
import io.spear.sms.kv.KvPage;
import io.spear.sms.kv.KvStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Key-value entries as rows. Every write first takes its namespace's row (created on first use,
 * locked on PostgreSQL, behind SQLite's single writer): it orders writes to the namespace, hands
 * out the next version and keeps the key count the limit is checked against.
 */
public final class JdbcKvStore implements KvStore {

  private static final String PREFIXED = "namespace = ? AND key >= ? AND substr(key, 1, ?) = ?";

  private final Database db;
  private final InstantSource clock;

  public JdbcKvStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The namespace's counters, read under its lock. */
  private record Counters(long nextVersion, long keyCount) {}

  /** The key's current version and value length. */
  private record Current(long version, long size) {
    static final Current NONE = new Current(0, 0);
  }

  @Override
  public Optional<KvEntry> get(String namespace, String key) {
    return db.read(
        c ->
            Sql.one(
                c,
                "SELECT key, version, value, updated_at_ms FROM kv_entries"
                    + " WHERE namespace = ? AND key = ?",
                r -> new KvEntry(r.getString(1), r.getLong(2), r.getBytes(3), r.getLong(4)),
                namespace,
                key));
  }

  @Override
  public KvOutcome put(
      String namespace, String key, byte[] value, KvCondition condition, long maxKeys) {
    return db.write(
        c -> {
          Counters counters = lock(c, namespace);
          Current current = current(c, namespace, key);
          if (!condition.holds(current.version())) {
            return new KvOutcome.Mismatch(current.version());
          }
          boolean created = current.version() == 0;
          if (created && counters.keyCount() >= maxKeys) {
            return new KvOutcome.Full(maxKeys);
          }
          long version = counters.nextVersion();
          long now = clock.instant().toEpochMilli();
          Sql.update(
              c,
              "INSERT INTO kv_entries (namespace, key, version, value, updated_at_ms)"
                  + " VALUES (?,?,?,?,?) ON CONFLICT (namespace, key) DO UPDATE SET"
                  + " version = excluded.version, value = excluded.value,"
                  + " updated_at_ms = excluded.updated_at_ms",
              namespace,
              key,
              version,
              value,
              now);
          Sql.update(
              c,
              "UPDATE kv_namespaces SET next_version = ?, key_count = key_count + ?,"
                  + " value_bytes = value_bytes + ? WHERE namespace = ?",
              version + 1,
              created ? 1 : 0,
              value.length - current.size(),
              namespace);
          return new KvOutcome.Done(version, created);
        });
  }

  @Override
  public KvOutcome delete(String namespace, String key, KvCondition condition) {
    return db.write(
        c -> {
          lock(c, namespace);
          Current current = current(c, namespace, key);
          if (!condition.holds(current.version())) {
            return new KvOutcome.Mismatch(current.version());
          }
          if (current.version() == 0) {
            return new KvOutcome.Missing();
          }
          Sql.update(c, "DELETE FROM kv_entries WHERE namespace = ? AND key = ?", namespace, key);
          Sql.update(
              c,
              "UPDATE kv_namespaces SET key_count = key_count - 1,"
                  + " value_bytes = value_bytes - ? WHERE namespace = ?",
              current.size(),
              namespace);
          return new KvOutcome.Done(current.version(), false);
        });
  }

  @Override
  public KvPage list(String namespace, String prefix, Optional<String> after, int limit) {
    List<Object> params = new ArrayList<>(prefixParams(namespace, prefix));
    String where = PREFIXED;
    if (after.isPresent()) {
      where += " AND key > ?";
      params.add(after.get());
    }
    String sql =
        "SELECT key, version, length(value), updated_at_ms FROM kv_entries WHERE "
            + where
            + " ORDER BY key LIMIT ?";
    List<KvKey> keys =
        db.read(
            c ->
                Sql.list(
                    c,
                    sql,
                    r -> new KvKey(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4)),
                    Sql.plus(params, limit + 1)));
    if (keys.size() <= limit) {
      return new KvPage(keys, Optional.empty());
    }
    List<KvKey> page = keys.subList(0, limit);
    return new KvPage(page, Optional.of(page.getLast().key()));
  }

  @Override
  public long count(String namespace, String prefix) {
    return db.read(
        c ->
            Sql.number(
                c,
                "SELECT COUNT(*) FROM kv_entries WHERE " + PREFIXED,
                prefixParams(namespace, prefix).toArray()));
  }

  @Override
  public List<KvNamespace> namespaces() {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT namespace, key_count, value_bytes FROM kv_namespaces"
                    + " WHERE key_count > 0 ORDER BY namespace",
                r -> new KvNamespace(r.getString(1), r.getLong(2), r.getLong(3))));
  }

  // substr counts characters on both databases; the range start lets the index find the first.
  private static List<Object> prefixParams(String namespace, String prefix) {
    return List.of(namespace, prefix, prefix.codePointCount(0, prefix.length()), prefix);
  }

  private Counters lock(Connection c, String namespace) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO kv_namespaces (namespace, next_version, key_count, value_bytes)"
            + " VALUES (?, 1, 0, 0) ON CONFLICT (namespace) DO NOTHING",
        namespace);
    return Sql.one(
            c,
            "SELECT next_version, key_count FROM kv_namespaces WHERE namespace = ?"
                + db.dialect().forUpdate(),
            r -> new Counters(r.getLong(1), r.getLong(2)),
            namespace)
        .orElseThrow();
  }

  private static Current current(Connection c, String namespace, String key) throws SQLException {
    return Sql.one(
            c,
            "SELECT version, length(value) FROM kv_entries WHERE namespace = ? AND key = ?",
            r -> new Current(r.getLong(1), r.getLong(2)),
            namespace,
            key)
        .orElse(Current.NONE);
  }
}
