-- Key-value state. A namespace's row hands out versions (never reused, so a compare-and-set from
-- before a delete cannot match the key made again), counts its keys for the per-namespace limit,
-- and is the lock that orders the writes of every SMS replica to the namespace.
CREATE TABLE kv_namespaces (
    namespace     TEXT   COLLATE "C" PRIMARY KEY,
    next_version  BIGINT NOT NULL,
    key_count     BIGINT NOT NULL,
    value_bytes   BIGINT NOT NULL
);

-- Keys compare as bytes (COLLATE "C"), as on SQLite, so listings page alike on both.
CREATE TABLE kv_entries (
    namespace      TEXT   COLLATE "C" NOT NULL,
    key            TEXT   COLLATE "C" NOT NULL,
    version        BIGINT NOT NULL,
    value          BYTEA  NOT NULL,
    updated_at_ms  BIGINT NOT NULL,  -- epoch milliseconds, SMS clock
    PRIMARY KEY (namespace, key)
);
