-- Executions reported by nodes: the filterable columns plus the whole record as JSON.
CREATE TABLE executions (
    id           TEXT PRIMARY KEY,
    task_id      TEXT    NOT NULL,
    node_uuid    TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,  -- epoch milliseconds, as the node reported
    updated_at   INTEGER NOT NULL,  -- epoch milliseconds, SMS clock
    document     TEXT    NOT NULL
);
CREATE INDEX executions_task ON executions (task_id, created_at DESC);
