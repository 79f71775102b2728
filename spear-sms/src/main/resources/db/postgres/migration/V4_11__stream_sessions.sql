-- Single-use tokens of user-stream sessions (issue 11): the SHA-256 of the token, never the token.
CREATE TABLE stream_sessions (
    token_hash    TEXT   PRIMARY KEY,
    execution_id  TEXT   NOT NULL,
    expires_at    BIGINT NOT NULL  -- epoch milliseconds, SMS clock
);
CREATE INDEX stream_sessions_expiry ON stream_sessions (expires_at);
