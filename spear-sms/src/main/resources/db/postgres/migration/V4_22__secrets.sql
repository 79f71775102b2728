-- Named secrets (issue 22): the value only sealed with AES-256-GCM under the operator's key
-- (base64 of nonce and ciphertext, the name bound as associated data); never stored in clear.
CREATE TABLE secrets (
    name           TEXT PRIMARY KEY,
    created_at     BIGINT NOT NULL,  -- epoch milliseconds, SMS clock
    updated_at     BIGINT NOT NULL,
    allowed_hosts  TEXT   NOT NULL,  -- JSON array of egress entries, may be empty
    sealed         TEXT   NOT NULL
);
