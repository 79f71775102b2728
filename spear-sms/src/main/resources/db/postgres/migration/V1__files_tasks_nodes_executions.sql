-- The PostgreSQL store: the same records as the embedded store, plus the file bytes themselves,
-- so that SMS replicas on different machines share everything through this database.

-- File content, stored once per distinct sha256. A blob's bytes are its chunks in seq order.
CREATE TABLE blobs (
    sha256     TEXT   PRIMARY KEY,
    content_id BIGINT NOT NULL UNIQUE,
    len        BIGINT NOT NULL
);

-- Chunks of content, written while an upload streams in. A content id is first listed in
-- staged_content and becomes a blob only when its upload is published (checksum verified).
CREATE SEQUENCE content_ids;
CREATE TABLE content_chunks (
    content_id BIGINT  NOT NULL,
    seq        INTEGER NOT NULL,
    data       BYTEA   NOT NULL,
    PRIMARY KEY (content_id, seq)
);
CREATE TABLE staged_content (
    content_id BIGINT      PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Files: metadata rows pointing at a blob.
CREATE TABLE files (
    seq          BIGSERIAL UNIQUE,  -- insertion order, the tie-break of equal created_at
    id           TEXT   PRIMARY KEY,
    name         TEXT   NOT NULL,
    len          BIGINT NOT NULL,
    sha256       TEXT   NOT NULL REFERENCES blobs (sha256),
    content_type TEXT   NOT NULL,
    created_at   BIGINT NOT NULL  -- epoch milliseconds
);
CREATE INDEX files_created_at ON files (created_at DESC, seq DESC);
CREATE INDEX files_sha256 ON files (sha256);

-- Tasks: the filterable columns plus the whole task as JSON, so new fields need no migration.
CREATE TABLE tasks (
    seq           BIGSERIAL UNIQUE,
    id            TEXT   PRIMARY KEY,
    name          TEXT   NOT NULL,
    status        TEXT   NOT NULL,
    priority      TEXT   NOT NULL,
    node_uuid     TEXT   NOT NULL,
    endpoint      TEXT   NOT NULL,
    registered_at BIGINT NOT NULL,  -- epoch milliseconds
    document      TEXT   NOT NULL
);
CREATE UNIQUE INDEX tasks_endpoint ON tasks (endpoint) WHERE endpoint <> '';
CREATE INDEX tasks_registered_at ON tasks (registered_at DESC, seq DESC);

-- Nodes: node agents that registered; a node that misses heartbeats turns offline, never vanishes.
CREATE TABLE nodes (
    uuid           TEXT    PRIMARY KEY,
    ip_address     TEXT    NOT NULL,
    port           INTEGER NOT NULL,
    http_port      INTEGER NOT NULL,
    status         TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,  -- JSON object
    health_info    TEXT    NOT NULL,  -- JSON object, from the latest heartbeat
    registered_at  BIGINT  NOT NULL,  -- epoch milliseconds
    last_heartbeat BIGINT  NOT NULL   -- epoch milliseconds
);

-- Executions reported by nodes: the filterable columns plus the whole record as JSON.
CREATE TABLE executions (
    seq        BIGSERIAL UNIQUE,
    id         TEXT    PRIMARY KEY,
    task_id    TEXT    NOT NULL,
    node_uuid  TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    terminal   BOOLEAN NOT NULL,  -- an ended record is never replaced
    created_at BIGINT  NOT NULL,  -- epoch milliseconds, as the node reported
    updated_at BIGINT  NOT NULL,  -- epoch milliseconds, SMS clock
    document   TEXT    NOT NULL
);
CREATE INDEX executions_task ON executions (task_id, created_at DESC, seq DESC);
