-- Executions' log lines (GET /api/v1/executions/{id}/logs), bounded per execution; the state row
-- carries the next sequence number, the bytes kept and whether lines were dropped.
CREATE TABLE execution_log_lines (
    execution_id TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    ts_ms        INTEGER NOT NULL,
    stream       TEXT    NOT NULL,
    level        TEXT    NOT NULL,
    message      TEXT    NOT NULL,
    PRIMARY KEY (execution_id, seq)
) WITHOUT ROWID;

CREATE TABLE execution_logs (
    execution_id TEXT PRIMARY KEY,
    lines        INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    truncated    INTEGER NOT NULL,  -- 0 or 1
    updated_at   INTEGER NOT NULL   -- epoch milliseconds, SMS clock
);
CREATE INDEX execution_logs_updated_at ON execution_logs (updated_at);
