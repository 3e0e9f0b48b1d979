//! Group commit: one task per receiver owns appends. Requests hand it their
//! proof and wait; it takes everything queued since its last commit (up to
//! [`BATCH`]) and stores it in one transaction. One commit, and on SQLite one
//! fsync, then serves many requests, which is what lets a single SQLite file
//! keep up with thousands of proofs a second. A request hears `Stored` only
//! once the COMMIT has returned.

use crate::store::{Outcome, Store, StoreError};
use crate::validate::Proof;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// The most proofs one transaction takes.
const BATCH: usize = 512;

/// How long the outcome of the last append stands for the receiver's
/// health; after that, with no proof coming in (a load balancer may have
/// stopped sending them), the health check writes to find out.
pub const HEALTH_STANDS: Duration = Duration::from_secs(5);

type Reply = oneshot::Sender<Result<Outcome, Arc<StoreError>>>;

/// The handle requests append through.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<(Proof, Reply)>,
    /// When the last append ended, and whether it failed.
    last: Arc<Mutex<Option<(Instant, bool)>>>,
}

/// What the last append says about the receiver's health.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// It committed, recently enough.
    Writing,
    /// It failed, recently enough.
    Failing,
    /// None recently: only a write can tell.
    Unknown,
}

impl Writer {
    /// Starts the writer task over `store`. It ends, having stored all that
    /// was queued, once every handle is gone; await the handle to know.
    pub fn spawn(store: Store) -> (Writer, JoinHandle<()>) {
        let (queue, mut jobs) = mpsc::channel::<(Proof, Reply)>(4 * BATCH);
        let writer = Writer { queue, last: Arc::new(Mutex::new(None)) };
        // The task holds the record, not a handle: it ends when the handles do.
        let last = writer.last.clone();
        let task = tokio::spawn(async move {
            let mut batch = Vec::with_capacity(BATCH);
            while jobs.recv_many(&mut batch, BATCH).await > 0 {
                let (proofs, replies): (Vec<Proof>, Vec<Reply>) = batch.drain(..).unzip();
                let appended = store.append(&proofs).await;
                record(&last, appended.is_err());
                match appended {
                    Ok(outcomes) => {
                        for (reply, outcome) in replies.into_iter().zip(outcomes) {
                            let _ = reply.send(Ok(outcome));
                        }
                    }
                    Err(error) => {
                        let error = Arc::new(error);
                        for reply in replies {
                            let _ = reply.send(Err(error.clone()));
                        }
                    }
                }
            }
        });
        (writer, task)
    }

    /// Stores `proof` with the next commit and says what became of it.
    pub async fn append(&self, proof: Proof) -> Result<Outcome, Arc<StoreError>> {
        let (reply, outcome) = oneshot::channel();
        let gone = || Arc::new(StoreError::Unavailable(sqlx::Error::PoolClosed));
        self.queue.send((proof, reply)).await.map_err(|_| gone())?;
        outcome.await.map_err(|_| gone())?
    }

    /// The health the last append shows, if it ended within
    /// [`HEALTH_STANDS`].
    pub fn health(&self) -> Health {
        match *self.last.lock().unwrap_or_else(|e| e.into_inner()) {
            Some((at, failed)) if at.elapsed() < HEALTH_STANDS => {
                if failed {
                    Health::Failing
                } else {
                    Health::Writing
                }
            }
            _ => Health::Unknown,
        }
    }

    /// Records how an append (or the health check's own write) ended.
    pub fn record(&self, failed: bool) {
        record(&self.last, failed);
    }
}

fn record(last: &Mutex<Option<(Instant, bool)>>, failed: bool) {
    *last.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), failed));
}
