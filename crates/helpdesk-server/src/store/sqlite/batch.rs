//! Writes that arrive together, committed together (group commit). Each write queues itself
//! ([`Batch::push`]) and then takes the connection; whoever holds it runs every write queued
//! so far in one transaction, each in a savepoint of its own and in arrival order (so each
//! one sees the ones before it), and commits once. On a database file the commit does not
//! wait for the disk: the [`Syncer`] fsyncs the WAL for every batch committed by then, and
//! only then are the batch's writes answered, while the connection runs the next batch. No
//! write is answered before it is on disk; a write that fails alone is rolled back alone; a
//! commit (or an fsync) that fails fails them all.

use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::super::StoreError;
use super::syncer::Syncer;
use super::worker::Worker;

/// One queued write, and where its outcome goes.
struct Job<W, R> {
    work: W,
    done: oneshot::Sender<Result<R, StoreError>>,
}

/// The writes of one kind queued for the next transaction, and the fsync thread that
/// confirms their commits (none in memory). Cheap to clone.
pub(super) struct Batch<W, R> {
    queue: Arc<Mutex<Vec<Job<W, R>>>>,
    syncer: Option<Syncer>,
}

impl<W, R> Clone for Batch<W, R> {
    fn clone(&self) -> Self {
        Self { queue: Arc::clone(&self.queue), syncer: self.syncer.clone() }
    }
}

impl<W: Send + 'static, R: Send + 'static> Batch<W, R> {
    /// An empty queue whose commits `syncer` confirms (`None`: each commit waits for the
    /// disk itself, as the connection is set).
    pub(super) fn new(syncer: Option<Syncer>) -> Self {
        Self { queue: Arc::default(), syncer }
    }

    /// Queue `work`; its outcome comes on the receiver once a [`Batch::run`] has run it.
    fn push(&self, work: W) -> Result<oneshot::Receiver<Result<R, StoreError>>, StoreError> {
        let (done, outcome) = oneshot::channel();
        self.queue.lock().map_err(|_| StoreError::from("write queue poisoned"))?.push(Job { work, done });
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
    ) -> Result<R, StoreError> {
        let outcome = self.push(work)?;
        let batch = self.clone();
        worker.call(move |c| run(&batch, c)).await?;
        outcome.await.map_err(|_| StoreError::from("a write was dropped unanswered"))?
    }

    /// Run every queued write by `each` in one transaction and commit once (with the
    /// connection held); each outcome goes to its write once the commit is on disk, or at
    /// once when `waits` says it need not (it tells nothing the disk could still lose).
    /// Nothing queued: nothing done.
    pub(super) fn run(
        &self,
        c: &mut Connection,
        each: impl Fn(&Connection, W) -> Result<R, StoreError>,
        waits: impl Fn(&R) -> bool,
    ) -> Result<(), StoreError> {
        let jobs = std::mem::take(&mut *self.queue.lock().map_err(|_| StoreError::from("write queue poisoned"))?);
        if jobs.is_empty() {
            return Ok(());
        }
        let (work, mut replies): (Vec<_>, Vec<_>) = jobs.into_iter().map(|j| (j.work, j.done)).unzip();
        // With a syncer the commit only writes the WAL; the syncer's fsync confirms it.
        if self.syncer.is_some() {
            c.pragma_update(None, "synchronous", "NORMAL")?;
        }
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
        // Back to the connection's setting (every commit on disk) for every other write.
        let restored = if self.syncer.is_some() { c.pragma_update(None, "synchronous", "FULL") } else { Ok(()) };
        if committed.is_ok() {
            // What need not wait for the disk is answered now; the rest after the fsync.
            let (now, later): (Vec<_>, Vec<_>) =
                replies.into_iter().zip(outcomes).partition(|(_, o)| o.as_ref().is_ok_and(|r| !waits(r)));
            for (done, outcome) in now {
                let _ = done.send(outcome);
            }
            (replies, outcomes) = later.into_iter().unzip();
        }
        let answer = move |confirmed: Result<(), StoreError>| match confirmed {
            Ok(()) => {
                for (done, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = done.send(outcome);
                }
            }
            Err(e) => {
                let failure = e.to_string();
                for done in replies {
                    let _ = done.send(Err(StoreError::from(failure.clone())));
                }
            }
        };
        match (committed, &self.syncer) {
            (Ok(()), Some(syncer)) => syncer.after_sync(Box::new(answer)),
            (Ok(()), None) => answer(Ok(())),
            (Err(e), _) => answer(Err(StoreError::from(e))),
        }
        Ok(restored?)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use rusqlite::Connection;

    use std::sync::mpsc;

    use super::super::syncer::Syncer;
    use super::*;

    /// A batch that inserts its numbers into `t` and answers each.
    fn insert(batch: &Batch<i64, i64>, c: &mut Connection) -> Result<(), StoreError> {
        batch.run(c, |tx, x| Ok(tx.execute("INSERT INTO t VALUES (?1)", [x]).map(|_| x)?), |_| true)
    }

    /// Wait until `t` holds `n` rows (committed, visible to the next call).
    async fn committed(worker: &Worker, n: i64) {
        for _ in 0..500 {
            if worker.call(|c| Ok(c.query_row("SELECT COUNT(*) FROM t", [], |r| r.get::<_, i64>(0))?)).await.ok()
                == Some(n)
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("{n} rows were never committed");
    }

    #[tokio::test]
    async fn no_write_is_answered_before_the_fsync_confirms_it_and_a_failed_fsync_fails_it() {
        let (disk, confirms) = mpsc::channel::<std::io::Result<()>>();
        let syncer = Syncer::spawn_with(move || confirms.recv().unwrap_or(Ok(()))).expect("syncer");
        let worker = Worker::spawn(Connection::open_in_memory().expect("connection")).expect("thread");
        worker.call(|c| Ok(c.execute_batch("CREATE TABLE t (x INTEGER)")?)).await.expect("table");
        let batch = Batch::new(Some(syncer));
        let submit = |x: i64| {
            let (batch, worker) = (batch.clone(), worker.clone());
            tokio::spawn(async move { batch.submit(&worker, x, insert).await })
        };

        let first = submit(7);
        committed(&worker, 1).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!first.is_finished(), "answered while the fsync has not returned");
        disk.send(Ok(())).expect("confirm");
        assert_eq!(first.await.expect("task").expect("written"), 7);

        let second = submit(8);
        committed(&worker, 2).await;
        disk.send(Err(std::io::Error::other("the disk is gone"))).expect("refuse");
        let refused = second.await.expect("task");
        assert!(refused.as_ref().is_err_and(|e| e.to_string().contains("the disk is gone")), "{refused:?}");
    }
}
