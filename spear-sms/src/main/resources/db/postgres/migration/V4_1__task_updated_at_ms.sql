-- A task's updated_at is its version for nodes: kept in milliseconds from now on, so that two
-- updates within one second are two versions. Older rows held seconds.
UPDATE tasks
SET document = jsonb_set(document::jsonb, '{updated_at}',
                         to_jsonb((document::jsonb ->> 'updated_at')::bigint * 1000))::text
WHERE (document::jsonb ->> 'updated_at')::bigint < 100000000000;
