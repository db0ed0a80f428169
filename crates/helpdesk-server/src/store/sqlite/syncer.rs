//! The WAL's fsync on a thread of its own. A batch of writes ([`super::batch`]) commits to
//! the WAL without waiting for the disk and hands its answers here; the connection's thread
//! goes on with the next batch while this thread fsyncs the WAL once for every batch handed
//! over by then, and only then gives their answers. So the disk's wait and the next writes'
//! work overlap, and still nobody is told of a write the disk could lose.

use std::fs::File;
use std::sync::mpsc;

use super::super::StoreError;

/// What to do once the disk confirms (or refuses) the writes committed before it was handed.
type Answer = Box<dyn FnOnce(Result<(), StoreError>) + Send>;

/// The way to the fsync thread; it ends once every clone is dropped.
#[derive(Clone)]
pub(super) struct Syncer(mpsc::Sender<Answer>);

impl Syncer {
    /// Fsync `wal` (the database's `-wal` file) on a thread of its own.
    pub(super) fn spawn(wal: File) -> Result<Self, StoreError> {
        Self::spawn_with(move || wal.sync_data())
    }

    /// Confirm commits by `sync` (an fsync) on a thread of its own.
    fn spawn_with(mut sync: impl FnMut() -> std::io::Result<()> + Send + 'static) -> Result<Self, StoreError> {
        let (answers, queue) = mpsc::channel::<Answer>();
        std::thread::Builder::new()
            .name("helpdesk-sqlite-sync".into())
            .spawn(move || {
                while let Ok(first) = queue.recv() {
                    // Everything handed over by now was committed before; one fsync for all.
                    let waiting: Vec<Answer> = std::iter::once(first).chain(queue.try_iter()).collect();
                    let synced = sync().map_err(|e| format!("the disk did not confirm the write: {e}"));
                    for answer in waiting {
                        answer(synced.clone().map_err(StoreError::from));
                    }
                }
            })
            .map_err(|e| StoreError::from(format!("cannot start the fsync thread: {e}")))?;
        Ok(Self(answers))
    }

    /// Run `answer` once everything committed before this call is on disk.
    pub(super) fn after_sync(&self, answer: Answer) {
        if let Err(mpsc::SendError(answer)) = self.0.send(answer) {
            answer(Err(StoreError::from("the fsync thread has stopped")));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use rusqlite::Connection;

    use super::super::batch::Batch;
    use super::super::worker::Worker;
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
