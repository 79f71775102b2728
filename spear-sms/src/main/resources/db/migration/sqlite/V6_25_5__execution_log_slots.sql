-- SMS's own start and end lines of an execution's log, and the guest's lines that came whole with
-- its final record, are derived from the record when the log is read: only their sequence numbers
-- are kept (0: none; the guest's as the first number and the count). Logs written before keep
-- them as rows.
ALTER TABLE execution_logs ADD COLUMN start_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE execution_logs ADD COLUMN end_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE execution_logs ADD COLUMN guest_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE execution_logs ADD COLUMN guest_lines INTEGER NOT NULL DEFAULT 0;
