-- The texts bundles proofs name by SHA-256 (their `texts`): each distinct
-- bundle once, exactly as published, so a proof can be shown with the words
-- the visitor saw. `hash` is the SHA-256 of `body`'s UTF-8 bytes, checked
-- on the way in; `received` is when it first arrived (ms since the epoch).
-- Older rows of `proofs` are untouched: a proof from before names an
-- 8-digit hash that resolves to nothing here.
CREATE TABLE texts (
    hash TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    received BIGINT NOT NULL
);
