-- Key-value state. A namespace's row hands out versions (never reused, so a compare-and-set from
-- before a delete cannot match the key made again) and counts its keys for the per-namespace limit.
CREATE TABLE kv_namespaces (
    namespace     TEXT    PRIMARY KEY,
    next_version  INTEGER NOT NULL,
    key_count     INTEGER NOT NULL,
    value_bytes   INTEGER NOT NULL
);

-- Keys compare as bytes (SQLite's BINARY collation on UTF-8), as on PostgreSQL with COLLATE "C".
CREATE TABLE kv_entries (
    namespace      TEXT    NOT NULL,
    key            TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    value          BLOB    NOT NULL,
    updated_at_ms  INTEGER NOT NULL,  -- epoch milliseconds, SMS clock
    PRIMARY KEY (namespace, key)
);
