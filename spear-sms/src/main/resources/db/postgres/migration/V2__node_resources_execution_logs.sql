-- The latest resource report of each node (SPEAR's fields), as JSON.
CREATE TABLE node_resources (
    node_uuid  TEXT PRIMARY KEY,
    updated_at BIGINT NOT NULL,  -- epoch milliseconds
    document   TEXT   NOT NULL
);

-- Listing executions across tasks, newest first (GET /api/v1/executions).
CREATE INDEX executions_created_at ON executions (created_at DESC);

-- Executions' log lines (GET /api/v1/executions/{id}/logs), bounded per execution; the state row
-- carries the next sequence number, the bytes kept and whether lines were dropped.
CREATE TABLE execution_log_lines (
    execution_id TEXT   NOT NULL,
    seq          BIGINT NOT NULL,
    ts_ms        BIGINT NOT NULL,
    stream       TEXT   NOT NULL,
    level        TEXT   NOT NULL,
    message      TEXT   NOT NULL,
    PRIMARY KEY (execution_id, seq)
);

CREATE TABLE execution_logs (
    execution_id TEXT PRIMARY KEY,
    lines        BIGINT  NOT NULL,
    bytes        BIGINT  NOT NULL,
    truncated    INTEGER NOT NULL,  -- 0 or 1
    updated_at   BIGINT  NOT NULL   -- epoch milliseconds, SMS clock
);
CREATE INDEX execution_logs_updated_at ON execution_logs (updated_at);
