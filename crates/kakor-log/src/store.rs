//! The database: SQLite (one file, WAL) or PostgreSQL through sqlx's `Any`
//! driver, so one schema, one set of migrations (`migrations/`) and one set of
//! queries serve both. Every statement uses `$N` parameters, which both
//! engines accept.

use crate::chain::{self, Broken, Intact};
use crate::validate::{self, Proof};
use kakor_core::time::{iso8601, DAY_MS};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::pool::PoolConnection;
use sqlx::Row;
use sqlx::{Any, AnyConnection, AnyPool};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Rows per INSERT statement: 9 parameters each stays far below both
/// engines' limits (32,766 on SQLite, 65,535 on PostgreSQL).
const INSERT_ROWS: usize = 256;

/// Which engine a database URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        }
    }
}

/// A database problem, worded for the owner who has to fix it.
#[derive(Debug)]
pub enum StoreError {
    /// The URL names neither engine.
    Url(String),
    /// The database cannot be reached or refused the statement: proofs are
    /// answered 503 and kakor keeps them queued.
    Unavailable(sqlx::Error),
    /// The schema could not be brought up to date.
    Migrate(sqlx::migrate::MigrateError),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Url(url) => {
                write!(f, "`{url}` is not a database URL: expected sqlite://FILE (or a file path) or postgres://…")
            }
            StoreError::Unavailable(e) => write!(f, "the database is unavailable: {e}"),
            StoreError::Migrate(e) => write!(f, "the database schema could not be migrated: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Unavailable(e)
    }
}

/// What became of one proof handed to [`Store::append`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored now, at this sequence number.
    Stored(i64),
    /// Already stored (a retried delivery): nothing written.
    Duplicate,
    /// A different proof with this id and timestamp is stored: nothing
    /// written. kakor re-sends the very same proof, so this is a forgery or
    /// a bug, and the stored proof stands.
    Conflict,
}

/// A stored proof as the admin API returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub seq: i64,
    /// Milliseconds since the Unix epoch, by the receiver's clock.
    pub received: i64,
    pub hash: String,
    /// The proof JSON exactly as kakor sent it.
    pub body: String,
}

/// How far a proof's timestamp (the visitor's clock) may lie from the
/// receiver's clock before an export flags it: ten minutes, beyond any
/// honest clock's drift and any delivery on the same page view.
pub const CLOCK_SKEW_LIMIT_MS: i64 = 10 * 60 * 1000;

impl Stored {
    /// The receive time minus the proof's timestamp, in whole seconds, when
    /// beyond [`CLOCK_SKEW_LIMIT_MS`] either way; `None` within it. Negative:
    /// dated after it arrived, the visitor's clock runs fast. Positive: the
    /// visitor's clock runs slow, or the proof waited in the visitor's
    /// outbox (kakor resends undelivered proofs on a later page view).
    pub fn clock_skew(&self) -> Option<i64> {
        let proof: serde_json::Value = serde_json::from_str(&self.body).ok()?;
        let timestamp = kakor_core::time::parse_iso8601(proof["timestamp"].as_str()?)? as i64;
        let skew = self.received - timestamp;
        (skew.abs() > CLOCK_SKEW_LIMIT_MS).then_some(skew / 1000)
    }
}

/// Proofs given on one UTC day with one method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCount {
    pub day: String,
    pub method: String,
    pub count: i64,
}

/// The connection pool and which engine is behind it.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
}

/// `url` as sqlx wants it: a bare path becomes `sqlite://PATH`, and a SQLite
/// file is created when missing (zero set-up).
fn normalise(url: &str) -> Result<(Engine, String), StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Engine::Postgres, url.to_string()));
    }
    let url = match url.strip_prefix("sqlite:") {
        Some(_) => url.to_string(),
        None if !url.contains("://") && !url.is_empty() => format!("sqlite://{url}"),
        None => return Err(StoreError::Url(url.to_string())),
    };
    let url = if url.contains("mode=") {
        url
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    };
    Ok((Engine::Sqlite, url))
}

impl Store {
    /// Connects and migrates. SQLite gets WAL, so admin reads never wait for
    /// the writer, and `synchronous = FULL`, so a proof answered 201 survives
    /// a power cut (kakor deletes its copy on that answer).
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (engine, url) = normalise(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if engine == Engine::Sqlite { 4 } else { 8 })
            // A database that is down answers 503 soon, not after 30 s.
            .acquire_timeout(Duration::from_secs(3))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *connection).await?;
                        sqlx::query("PRAGMA synchronous = FULL").execute(&mut *connection).await?;
                        sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *connection).await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        MIGRATOR.run(&pool).await.map_err(StoreError::Migrate)?;
        Ok(Store { pool, engine })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Appends `proofs` in one transaction (group commit), skipping any whose
    /// id and timestamp are already stored. The chain head's row is locked
    /// first, so appends from several receivers take turns. The statements
    /// are few per batch, not per proof: on PostgreSQL every statement is a
    /// round trip, and those, not the disk, bound the rate. `Ok` means the
    /// COMMIT returned: the proofs are on disk.
    pub async fn append(&self, proofs: &[Proof]) -> Result<Vec<Outcome>, StoreError> {
        let mut connection = self.begin().await?;
        let appended = self.append_in(&mut connection, proofs).await;
        finish(connection, appended).await
    }

    async fn append_in(&self, tx: &mut AnyConnection, proofs: &[Proof]) -> Result<Vec<Outcome>, StoreError> {
        let (mut seq, mut hash) = lock_head(tx).await?;
        let stored = self.already_stored(tx, proofs).await?;
        let received = now_ms();
        let mut seen: HashMap<(&str, i64), &str> = HashMap::new();
        let mut outcomes = Vec::with_capacity(proofs.len());
        let mut rows = Vec::with_capacity(proofs.len());
        for proof in proofs {
            let key = (proof.id.as_str(), proof.timestamp as i64);
            let earlier =
                stored.get(&(key.0.to_string(), key.1)).map(String::as_str).or_else(|| seen.get(&key).copied());
            if let Some(body) = earlier {
                outcomes.push(if same_json(body, &proof.body) { Outcome::Duplicate } else { Outcome::Conflict });
                continue;
            }
            seen.insert(key, &proof.body);
            let prev = std::mem::take(&mut hash);
            seq += 1;
            hash = chain::link(&prev, seq, received, &proof.body);
            rows.push((seq, proof, prev, hash.clone()));
            outcomes.push(Outcome::Stored(seq));
        }
        for chunk in rows.chunks(INSERT_ROWS) {
            let mut sql =
                String::from("INSERT INTO proofs (seq, id, ts, day, method, received, body, prev_hash, hash) VALUES ");
            sql.push_str(&placeholders(chunk.len(), 9));
            let mut insert = sqlx::query(&sql);
            for (seq, proof, prev, hash) in chunk {
                insert = insert
                    .bind(*seq)
                    .bind(&proof.id)
                    .bind(proof.timestamp as i64)
                    .bind(day(proof.timestamp))
                    .bind(proof.method.name())
                    .bind(received)
                    .bind(&proof.body)
                    .bind(prev)
                    .bind(hash);
            }
            insert.execute(&mut *tx).await?;
        }
        sqlx::query("UPDATE chain_head SET seq = $1, hash = $2 WHERE one = 1")
            .bind(seq)
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        Ok(outcomes)
    }

    /// A pooled connection inside a write transaction that this code, not
    /// the driver, began: `BEGIN IMMEDIATE` on SQLite takes the write lock
    /// at once. [`finish`] commits it or throws the connection away.
    async fn begin(&self) -> Result<PoolConnection<Any>, StoreError> {
        let mut connection = self.pool.acquire().await?;
        let begin = if self.engine == Engine::Sqlite { "BEGIN IMMEDIATE" } else { "BEGIN" };
        if let Err(e) = sqlx::query(begin).execute(&mut *connection).await {
            connection.close_on_drop();
            return Err(e.into());
        }
        Ok(connection)
    }

    /// The stored bodies of earlier proofs with the ids in `proofs`, by
    /// (id, ts), in one query per few thousand ids.
    async fn already_stored(
        &self,
        tx: &mut AnyConnection,
        proofs: &[Proof],
    ) -> Result<HashMap<(String, i64), String>, StoreError> {
        let ids: Vec<&str> = proofs.iter().map(|p| p.id.as_str()).collect::<HashSet<_>>().into_iter().collect();
        let wanted: HashSet<(&str, i64)> = proofs.iter().map(|p| (p.id.as_str(), p.timestamp as i64)).collect();
        let mut found = HashMap::new();
        for chunk in ids.chunks(INSERT_ROWS * 9) {
            // Only the keys come back for every earlier proof of these ids;
            // bodies only for exact matches, which are rare (retries).
            let sql = format!("SELECT id, ts FROM proofs WHERE id IN {}", placeholders(1, chunk.len()));
            let mut select = sqlx::query(&sql);
            for id in chunk {
                select = select.bind(*id);
            }
            for row in select.fetch_all(&mut *tx).await? {
                let (id, ts): (String, i64) = (row.try_get("id")?, row.try_get("ts")?);
                if wanted.contains(&(id.as_str(), ts)) {
                    let body = sqlx::query("SELECT body FROM proofs WHERE id = $1 AND ts = $2")
                        .bind(&id)
                        .bind(ts)
                        .fetch_one(&mut *tx)
                        .await?
                        .try_get("body")?;
                    found.insert((id, ts), body);
                }
            }
        }
        Ok(found)
    }

    /// Every stored proof of one consent id, oldest first.
    pub async fn history(&self, id: &str) -> Result<Vec<Stored>, StoreError> {
        let rows = sqlx::query("SELECT seq, received, hash, body FROM proofs WHERE id = $1 ORDER BY seq")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(stored).collect()
    }

    /// The latest timestamp stored under consent `id`, if any (the
    /// `UNIQUE (id, ts)` index answers it).
    pub async fn latest(&self, id: &str) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT MAX(ts) FROM proofs WHERE id = $1").bind(id).fetch_one(&self.pool).await?)
    }

    /// Proofs whose timestamp is in `[from, to)` (milliseconds), in `seq`
    /// order, at most `limit` after `after_seq`: callers page through.
    pub async fn export(&self, from: i64, to: i64, after_seq: i64, limit: i64) -> Result<Vec<Stored>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, received, hash, body FROM proofs \
             WHERE ts >= $1 AND ts < $2 AND seq > $3 ORDER BY seq LIMIT $4",
        )
        .bind(from)
        .bind(to)
        .bind(after_seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(stored).collect()
    }

    /// Proofs per UTC day and method for timestamps in `[from, to)`.
    pub async fn counts(&self, from: i64, to: i64) -> Result<Vec<DayCount>, StoreError> {
        let rows = sqlx::query(
            "SELECT day, method, COUNT(*) AS n FROM proofs WHERE ts >= $1 AND ts < $2 \
             GROUP BY day, method ORDER BY day, method",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DayCount { day: row.try_get("day")?, method: row.try_get("method")?, count: row.try_get("n")? })
            })
            .collect()
    }

    /// Keeps a texts bundle under its SHA-256 (`hash`, already checked
    /// against `body`) unless it is already kept; whether it was new.
    pub async fn put_texts(&self, hash: &str, body: &str) -> Result<bool, StoreError> {
        let inserted =
            sqlx::query("INSERT INTO texts (hash, body, received) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING")
                .bind(hash)
                .bind(body)
                .bind(now_ms())
                .execute(&self.pool)
                .await?;
        Ok(inserted.rows_affected() == 1)
    }

    /// The texts bundle kept under `hash`, exactly as published.
    pub async fn texts(&self, hash: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT body FROM texts WHERE hash = $1").bind(hash).fetch_optional(&self.pool).await?)
    }

    /// Whether the database answers: for a load balancer's health check.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await?;
        Ok(())
    }

    /// How many proofs are stored.
    pub async fn count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM proofs").fetch_one(&self.pool).await?.try_get("n")?)
    }

    /// Deletes the proofs received before `cutoff` (ms) from the oldest end,
    /// up to the first one received since, and moves the chain's base past
    /// them so `verify` still holds. Deleting only a prefix keeps the rest of
    /// the chain checkable; judging each row by its own `received`, never by
    /// its place, keeps a recent proof even when one stored after it carries
    /// an older time (a clock set back): that one waits until the rows before
    /// it are due.
    pub async fn purge(&self, cutoff: i64) -> Result<u64, StoreError> {
        let mut connection = self.begin().await?;
        let purged = purge_in(&mut connection, cutoff).await;
        finish(connection, purged).await
    }

    /// Walks the chain from its base to its head: each row's link, its place
    /// in the sequence, and that its indexed columns match its body. It reads
    /// one snapshot (a read transaction; REPEATABLE READ on PostgreSQL), so
    /// receivers appending and retention purging meanwhile are not mistaken
    /// for tampering.
    pub async fn verify(&self) -> Result<Result<Intact, Broken>, StoreError> {
        let mut tx = self.pool.begin().await?;
        if self.engine == Engine::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute(&mut *tx).await?;
        }
        let head = sqlx::query("SELECT seq, hash, base_seq, base_hash FROM chain_head WHERE one = 1")
            .fetch_one(&mut *tx)
            .await?;
        let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
        let base_seq: i64 = head.try_get("base_seq")?;
        let (mut seq, mut hash): (i64, String) = (base_seq, head.try_get("base_hash")?);
        let mut rows = 0;
        loop {
            let page = sqlx::query(
                "SELECT seq, id, ts, day, method, received, body, prev_hash, hash FROM proofs \
                 WHERE seq > $1 ORDER BY seq LIMIT 1000",
            )
            .bind(seq)
            .fetch_all(&mut *tx)
            .await?;
            if page.is_empty() {
                break;
            }
            for row in &page {
                let expected = seq + 1;
                seq = row.try_get("seq")?;
                let broken = |reason: String| Ok(Err(Broken { seq, reason }));
                if seq != expected {
                    return broken(format!("rows {expected} to {} are missing", seq - 1));
                }
                let prev: String = row.try_get("prev_hash")?;
                if prev != hash {
                    return broken("its prev_hash is not the previous row's hash".to_string());
                }
                let body: String = row.try_get("body")?;
                let received: i64 = row.try_get("received")?;
                hash = row.try_get("hash")?;
                if chain::link(&prev, seq, received, &body) != hash {
                    return broken("its hash does not match its content (edited)".to_string());
                }
                let proof = match validate::proof(&body) {
                    Ok(proof) => proof,
                    Err(e) => return broken(format!("its body is no longer a proof ({e})")),
                };
                let indexed = (row.try_get::<String, _>("id")?, row.try_get::<i64, _>("ts")?);
                let columns_match = indexed == (proof.id.clone(), proof.timestamp as i64)
                    && row.try_get::<String, _>("day")? == day(proof.timestamp)
                    && row.try_get::<String, _>("method")? == proof.method.name();
                if !columns_match {
                    return broken("its id, ts, day or method columns differ from its body (edited)".to_string());
                }
                rows += 1;
            }
        }
        if seq != head_seq || hash != head_hash {
            let what = if seq > head_seq { "rows added behind the log's back" } else { "rows deleted" };
            return Ok(Err(Broken {
                seq: seq.min(head_seq) + 1,
                reason: format!("the head names seq {head_seq} but the chain ends at {seq} ({what})"),
            }));
        }
        Ok(Ok(Intact { rows, base_seq, head_seq, head_hash }))
    }

    /// The pool, for tests that tamper with rows on purpose.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Commits the transaction [`Store::begin`] opened if `result` is `Ok`.
/// On any error, the COMMIT's included, the connection is closed rather
/// than returned to the pool: after a failed statement (a full disk) SQLite
/// may or may not have rolled back, and a connection left inside an open
/// transaction would hold the write lock and swallow later commits. Closing
/// it rolls back whatever is open; the pool opens a fresh one.
async fn finish<T>(mut connection: PoolConnection<Any>, result: Result<T, StoreError>) -> Result<T, StoreError> {
    let committed = match result {
        Ok(value) => sqlx::query("COMMIT").execute(&mut *connection).await.map(|_| value).map_err(StoreError::from),
        Err(e) => Err(e),
    };
    if committed.is_err() {
        connection.close_on_drop();
    }
    committed
}

async fn purge_in(tx: &mut AnyConnection, cutoff: i64) -> Result<u64, StoreError> {
    lock_head(tx).await?;
    let keep = sqlx::query("SELECT seq FROM proofs WHERE received >= $1 ORDER BY seq LIMIT 1")
        .bind(cutoff)
        .fetch_optional(&mut *tx)
        .await?;
    let last = match keep {
        Some(keep) => {
            sqlx::query("SELECT seq, hash FROM proofs WHERE seq < $1 ORDER BY seq DESC LIMIT 1")
                .bind(keep.try_get::<i64, _>("seq")?)
                .fetch_optional(&mut *tx)
                .await?
        }
        None => sqlx::query("SELECT seq, hash FROM proofs ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *tx).await?,
    };
    let Some(last) = last else { return Ok(0) };
    let (seq, hash): (i64, String) = (last.try_get("seq")?, last.try_get("hash")?);
    let deleted = sqlx::query("DELETE FROM proofs WHERE seq <= $1").bind(seq).execute(&mut *tx).await?;
    sqlx::query("UPDATE chain_head SET base_seq = $1, base_hash = $2 WHERE one = 1")
        .bind(seq)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
    Ok(deleted.rows_affected())
}

/// Locks the chain head for this transaction and reads it. The UPDATE comes
/// first: on PostgreSQL it takes the row lock every other receiver waits on;
/// on SQLite it takes the write lock at once (under `busy_timeout`), rather
/// than upgrading a read lock later, which could fail without waiting.
async fn lock_head(tx: &mut AnyConnection) -> Result<(i64, String), StoreError> {
    sqlx::query("UPDATE chain_head SET seq = seq WHERE one = 1").execute(&mut *tx).await?;
    let row = sqlx::query("SELECT seq, hash FROM chain_head WHERE one = 1").fetch_one(&mut *tx).await?;
    Ok((row.try_get("seq")?, row.try_get("hash")?))
}

fn stored(row: &AnyRow) -> Result<Stored, StoreError> {
    Ok(Stored {
        seq: row.try_get("seq")?,
        received: row.try_get("received")?,
        hash: row.try_get("hash")?,
        body: row.try_get("body")?,
    })
}

/// Whether two bodies hold the same JSON, whatever their spacing or key
/// order: a retry is the same proof even if re-serialised on the way.
fn same_json(a: &str, b: &str) -> bool {
    a == b || serde_json::from_str::<serde_json::Value>(a).ok() == serde_json::from_str::<serde_json::Value>(b).ok()
}

/// `rows` groups of `columns` numbered parameters: `($1, $2), ($3, $4)`.
fn placeholders(rows: usize, columns: usize) -> String {
    let groups: Vec<String> = (0..rows)
        .map(|row| {
            let names: Vec<String> = (1..=columns).map(|column| format!("${}", row * columns + column)).collect();
            format!("({})", names.join(", "))
        })
        .collect();
    groups.join(", ")
}

/// `YYYY-MM-DD`, the UTC day of `ms`.
pub fn day(ms: u64) -> String {
    iso8601(ms)[..10].to_string()
}

/// Midnight UTC starting `YYYY-MM-DD`, in milliseconds.
pub fn day_start(day: &str) -> Option<i64> {
    kakor_core::time::parse_iso8601(&format!("{day}T00:00:00.000Z")).map(|ms| ms as i64)
}

/// The receiver's clock, in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Milliseconds in `days` days.
pub fn days_ms(days: u64) -> i64 {
    (days * DAY_MS) as i64
}
