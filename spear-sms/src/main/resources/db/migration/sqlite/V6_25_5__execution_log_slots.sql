-- SMS's own start and end lines of an execution's log are derived from its record when the log is
-- read: only their sequence numbers are kept (0: none). Logs written before keep them as rows.
ALTER TABLE execution_logs ADD COLUMN start_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE execution_logs ADD COLUMN end_seq INTEGER NOT NULL DEFAULT 0;
