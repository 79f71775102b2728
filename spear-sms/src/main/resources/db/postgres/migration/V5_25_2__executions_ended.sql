-- Ended executions by the time their end was stored, for the retention sweep that deletes the
-- records of executions that ended long ago (issue 25).
CREATE INDEX executions_ended ON executions (updated_at) WHERE terminal;
