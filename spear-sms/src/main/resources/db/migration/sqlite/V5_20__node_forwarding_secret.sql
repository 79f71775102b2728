-- The secret SMS presents to a node when it forwards there (issue 20): new at every registration,
-- given only to that node, so what one node receives is worth nothing on another. SMS must send it,
-- so it is kept as is; any replica reading this row can forward to the node.
ALTER TABLE nodes ADD COLUMN forwarding_secret TEXT;
