//! Group commit: one task per receiver owns appends. Requests hand it their
//! proof and wait; it takes everything queued since its last commit (up to
//! [`BATCH`]) and stores it in one transaction. One commit, and on SQLite one
//! fsync, then serves many requests, which is what lets a single SQLite file
//! keep up with thousands of proofs a second.

use crate::store::{Outcome, Store, StoreError};
use crate::validate::Proof;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// The most proofs one transaction takes.
const BATCH: usize = 512;

type Reply = oneshot::Sender<Result<Outcome, Arc<StoreError>>>;

/// The handle requests append through.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<(Proof, Reply)>,
}

impl Writer {
    /// Starts the writer task over `store`. It ends once every handle is gone.
    pub fn spawn(store: Store) -> Writer {
        let (queue, mut jobs) = mpsc::channel::<(Proof, Reply)>(4 * BATCH);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(BATCH);
            while jobs.recv_many(&mut batch, BATCH).await > 0 {
                let (proofs, replies): (Vec<Proof>, Vec<Reply>) = batch.drain(..).unzip();
                match store.append(&proofs).await {
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
        Writer { queue }
    }

    /// Stores `proof` with the next commit and says what became of it.
    pub async fn append(&self, proof: Proof) -> Result<Outcome, Arc<StoreError>> {
        let (reply, outcome) = oneshot::channel();
        let gone = || Arc::new(StoreError::Unavailable(sqlx::Error::PoolClosed));
        self.queue.send((proof, reply)).await.map_err(|_| gone())?;
        outcome.await.map_err(|_| gone())?
    }
}
