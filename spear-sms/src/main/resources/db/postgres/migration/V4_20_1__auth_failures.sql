-- Failed authentications per key in one-minute windows (issue 20), shared by the replicas so that a
-- client cannot spread its attempts over them. A key names an address and a SHA-256 prefix of what
-- was presented, never a token. The embedded store counts in memory: it has one process.
CREATE TABLE auth_failures (
    failure_key   TEXT   PRIMARY KEY,
    window_start  BIGINT NOT NULL,  -- epoch milliseconds of the window's first failure
    failures      BIGINT NOT NULL
);
CREATE INDEX auth_failures_window ON auth_failures (window_start);
