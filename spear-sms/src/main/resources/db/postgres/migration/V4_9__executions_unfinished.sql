-- Executions not yet ended, for the sweep that ends those whose node was lost or that ran too long.
CREATE INDEX executions_unfinished ON executions (created_at) WHERE NOT terminal;
