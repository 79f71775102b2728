-- Schedules (issue 23): a task invoked on a cron expression or every fixed period. next_fire_at is
-- the tick to fire next; a replica claims a tick by moving it, in one conditional UPDATE.
CREATE TABLE schedules (
    id           TEXT    PRIMARY KEY,
    task_id      TEXT    NOT NULL,
    cron         TEXT,              -- 5 or 6 fields, or NULL when every is set
    every        TEXT,              -- 30s, 5m, ... or NULL when cron is set
    timezone     TEXT    NOT NULL,
    input_base64 TEXT    NOT NULL,
    enabled      INTEGER NOT NULL,  -- 1 fires, 0 paused
    next_fire_at INTEGER NOT NULL,  -- epoch milliseconds
    last_fire_at INTEGER NOT NULL,  -- epoch milliseconds, 0 = never
    created_at   INTEGER NOT NULL   -- epoch milliseconds
);
CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE enabled = 1;
CREATE INDEX schedules_created_at ON schedules (created_at DESC);

-- Ticks claimed, one row per (schedule, tick): a tick can never be claimed twice. A row not yet
-- dispatched belongs to a replica that may have died before handing it to a node.
CREATE TABLE schedule_fires (
    schedule_id  TEXT    NOT NULL,
    tick_at      INTEGER NOT NULL,  -- epoch milliseconds
    execution_id TEXT    NOT NULL,
    claimed_at   INTEGER NOT NULL,  -- epoch milliseconds
    dispatched   INTEGER NOT NULL,  -- 1 once handed to a node (or given up)
    PRIMARY KEY (schedule_id, tick_at)
);
CREATE INDEX schedule_fires_pending ON schedule_fires (claimed_at) WHERE dispatched = 0;

-- What started each execution: api (the default, and every record before this) or schedule.
ALTER TABLE executions ADD COLUMN triggered_by TEXT NOT NULL DEFAULT 'api';
ALTER TABLE executions ADD COLUMN schedule_id TEXT NOT NULL DEFAULT '';
CREATE INDEX executions_schedule ON executions (schedule_id, created_at DESC) WHERE schedule_id <> '';
