-- Ended executions by the time their end was stored, for the retention sweep that deletes the
-- records of executions that ended long ago (issue 25). Its condition is written exactly as
-- SqlDialect.executionEnded() writes it, so SQLite's planner uses it.
CREATE INDEX executions_ended ON executions (updated_at) WHERE status NOT IN ('pending', 'running');
