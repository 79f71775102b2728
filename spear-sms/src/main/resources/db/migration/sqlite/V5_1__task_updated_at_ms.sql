-- A task's updated_at is its version for nodes: kept in milliseconds from now on, so that two
-- updates within one second are two versions. Older rows held seconds.
UPDATE tasks
SET document = json_set(document, '$.updated_at', json_extract(document, '$.updated_at') * 1000)
WHERE json_extract(document, '$.updated_at') < 100000000000;
