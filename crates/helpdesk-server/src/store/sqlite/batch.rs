//! Writes that arrive together, committed together (group commit). Each write queues itself
//! ([`Batch::push`]) and then takes the connection; whoever holds it runs every write queued
//! so far in one transaction, each in a savepoint of its own and in arrival order (so each
//! one sees the ones before it), and commits once: one commit, and one fsync when the batch
//! is durable, for the lot. Every write is answered only after that commit; a write that
//! fails alone is rolled back alone; a commit that fails fails them all.

use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::super::StoreError;
use super::worker::Worker;

/// Whether a batch's commit waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Commit {
    /// On disk before anyone is answered (`synchronous=FULL`, the connection's setting).
    Durable,
    /// Written to the WAL without waiting for the disk (`synchronous=NORMAL`): the next
    /// durable commit takes these frames to disk with its own.
    Deferred,
}

/// One queued write, and where its outcome goes.
struct Job<W, R> {
    work: W,
    done: oneshot::Sender<Result<R, StoreError>>,
}

/// The writes of one kind queued for the next transaction. Cheap to clone.
pub(super) struct Batch<W, R>(Arc<Mutex<Vec<Job<W, R>>>>);

impl<W, R> Clone for Batch<W, R> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<W, R> Default for Batch<W, R> {
    fn default() -> Self {
        Self(Arc::default())
    }
}

impl<W, R> Batch<W, R> {
    /// Queue `work`; its outcome comes on the receiver once a [`Batch::run`] has run it.
    fn push(&self, work: W) -> Result<oneshot::Receiver<Result<R, StoreError>>, StoreError> {
        let (done, outcome) = oneshot::channel();
        self.0.lock().map_err(|_| StoreError::from("write queue poisoned"))?.push(Job { work, done });
        Ok(outcome)
    }

    /// Queue `work`, then take the connection on `worker` and run (by `run`) every write
    /// queued by then, this one included, unless whoever took it before ran it already; its
    /// outcome.
    pub(super) async fn submit(
        &self,
        worker: &Worker,
        work: W,
        run: fn(&Self, &mut Connection) -> Result<(), StoreError>,
    ) -> Result<R, StoreError>
    where
        W: Send + 'static,
        R: Send + 'static,
    {
        let outcome = self.push(work)?;
        let batch = self.clone();
        worker.call(move |c| run(&batch, c)).await?;
        outcome.await.map_err(|_| StoreError::from("a write was dropped unanswered"))?
    }

    /// Run every queued write by `each` in one transaction and commit once as `commit` says
    /// (with the connection held); each outcome goes to its write. Nothing queued: nothing
    /// done.
    pub(super) fn run(
        &self,
        c: &mut Connection,
        commit: Commit,
        each: impl Fn(&Connection, W) -> Result<R, StoreError>,
    ) -> Result<(), StoreError> {
        let jobs = std::mem::take(&mut *self.0.lock().map_err(|_| StoreError::from("write queue poisoned"))?);
        if jobs.is_empty() {
            return Ok(());
        }
        let (work, replies): (Vec<_>, Vec<_>) = jobs.into_iter().map(|j| (j.work, j.done)).unzip();
        // Set for every batch, so a durable one never depends on the last one's restoring.
        c.pragma_update(None, "synchronous", if commit == Commit::Durable { "FULL" } else { "NORMAL" })?;
        let mut outcomes = Vec::with_capacity(replies.len());
        let committed = (|| {
            let mut tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            for w in work {
                let sp = tx.savepoint()?;
                let outcome = each(&sp, w);
                if outcome.is_ok() {
                    sp.commit()?;
                }
                outcomes.push(outcome);
            }
            tx.commit()
        })();
        // Back to the connection's setting for every other write.
        if commit == Commit::Deferred {
            c.pragma_update(None, "synchronous", "FULL")?;
        }
        match committed {
            Ok(()) => {
                for (done, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = done.send(outcome);
                }
            }
            Err(e) => {
                let failure = StoreError::from(e).to_string();
                for done in replies {
                    let _ = done.send(Err(StoreError::from(failure.clone())));
                }
            }
        }
        Ok(())
    }
}
