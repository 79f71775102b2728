-- The latest resource report of each node (SPEAR's fields), as JSON; deleted with its node.
CREATE TABLE node_resources (
    node_uuid  TEXT PRIMARY KEY,
    updated_at INTEGER NOT NULL,  -- epoch milliseconds
    document   TEXT    NOT NULL
);

-- Listing executions across tasks, newest first (GET /api/v1/executions).
CREATE INDEX executions_created_at ON executions (created_at DESC);
