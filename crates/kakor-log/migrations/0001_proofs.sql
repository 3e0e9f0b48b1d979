-- One schema for SQLite and PostgreSQL: only types and statements both know.
-- Times are milliseconds since the Unix epoch (BIGINT); `day` is the UTC date
-- of the proof's timestamp, kept as text so both engines group by it alike.

-- Append-only: rows are inserted in `seq` order by whoever holds the chain
-- head (below) and only ever deleted from the oldest end by retention.
CREATE TABLE proofs (
    seq BIGINT PRIMARY KEY,
    id TEXT NOT NULL,
    ts BIGINT NOT NULL,
    day TEXT NOT NULL,
    method TEXT NOT NULL,
    received BIGINT NOT NULL,
    body TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    -- A retried delivery carries the same id and timestamp: stored once.
    UNIQUE (id, ts)
);
CREATE INDEX proofs_ts ON proofs (ts);
CREATE INDEX proofs_received ON proofs (received);

-- The one row every append locks first (UPDATE), which serialises appends
-- across receivers on one PostgreSQL and keeps the chain linear. `base_*`
-- is the last row retention purged, where verification starts.
CREATE TABLE chain_head (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    base_seq BIGINT NOT NULL,
    base_hash TEXT NOT NULL
);
INSERT INTO chain_head (one, seq, hash, base_seq, base_hash) VALUES (
    1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
    0, '0000000000000000000000000000000000000000000000000000000000000000'
);
