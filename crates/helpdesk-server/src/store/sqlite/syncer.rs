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
    pub(super) fn spawn_with(
        mut sync: impl FnMut() -> std::io::Result<()> + Send + 'static,
    ) -> Result<Self, StoreError> {
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
