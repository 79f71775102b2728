-- MCP tool servers registered for the Spearlets: the id plus the whole spec as JSON.
CREATE TABLE mcp_servers (
    server_id   TEXT PRIMARY KEY,
    updated_at  INTEGER NOT NULL,  -- epoch milliseconds, SMS clock
    document    TEXT    NOT NULL
);
