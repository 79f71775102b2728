-- Files: metadata rows; the bytes live in the content-addressed blob directory, keyed by sha256.
CREATE TABLE files (
    id           TEXT PRIMARY KEY,
    name         TEXT    NOT NULL,
    len          INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    created_at   INTEGER NOT NULL  -- epoch milliseconds
);
CREATE INDEX files_created_at ON files (created_at DESC);
CREATE INDEX files_sha256 ON files (sha256);

-- Tasks: the filterable columns plus the whole task as JSON, so new fields need no migration.
CREATE TABLE tasks (
    id            TEXT PRIMARY KEY,
    name          TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    priority      TEXT    NOT NULL,
    node_uuid     TEXT    NOT NULL,
    endpoint      TEXT    NOT NULL,
    registered_at INTEGER NOT NULL,  -- epoch milliseconds
    document      TEXT    NOT NULL
);
CREATE UNIQUE INDEX tasks_endpoint ON tasks (endpoint) WHERE endpoint <> '';
CREATE INDEX tasks_registered_at ON tasks (registered_at DESC);

-- Nodes: node agents that registered; a node that misses heartbeats turns offline, never vanishes.
CREATE TABLE nodes (
    uuid           TEXT PRIMARY KEY,
    ip_address     TEXT    NOT NULL,
    port           INTEGER NOT NULL,
    http_port      INTEGER NOT NULL,
    status         TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,  -- JSON object
    health_info    TEXT    NOT NULL,  -- JSON object, from the latest heartbeat
    registered_at  INTEGER NOT NULL,  -- epoch milliseconds
    last_heartbeat INTEGER NOT NULL   -- epoch milliseconds
);
