//! The connection's own thread: every store call runs there, one at a time and in arrival
//! order. Calls queue on a channel instead of each taking a blocking-pool thread that then
//! waits on a lock, so a busy store runs call after call without a thread switch between
//! them; what a call answers comes back on its own channel.

use std::sync::mpsc;

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::super::StoreError;

/// One call: it sends its own answer.
type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// The way to the connection's thread; the thread closes the connection and ends once every
/// clone is dropped.
#[derive(Clone)]
pub(super) struct Worker(mpsc::Sender<Job>);

impl Worker {
    /// Move `conn` to a thread of its own.
    pub(super) fn spawn(mut conn: Connection) -> Result<Self, StoreError> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("helpdesk-sqlite".into())
            .spawn(move || {
                for job in queue {
                    // A call that panics fails alone (its answer is dropped, which its caller
                    // reads as a failure); the connection serves the next one. An open
                    // transaction rolled back as the panic dropped it.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut conn)));
                }
            })
            .map_err(|e| StoreError::from(format!("cannot start the database thread: {e}")))?;
        Ok(Self(jobs))
    }

    /// Queue `f`; its answer goes to `reply`.
    fn submit<R, F>(&self, f: F, reply: impl FnOnce(Result<R, StoreError>) + Send + 'static) -> Result<(), StoreError>
    where
        F: FnOnce(&mut Connection) -> Result<R, StoreError> + Send + 'static,
    {
        self.0.send(Box::new(move |c| reply(f(c)))).map_err(|_| StoreError::from("the database thread has stopped"))
    }

    /// Run `f` on the connection's thread; its answer.
    pub(super) async fn call<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&mut Connection) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let (done, answer) = oneshot::channel();
        self.submit(f, move |r| drop(done.send(r)))?;
        answer.await.map_err(|_| StoreError::from(UNANSWERED))?
    }

    /// [`Worker::call`], waiting on this thread (outside async code: the store's opening).
    pub(super) fn call_blocking<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&mut Connection) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let (done, answer) = mpsc::channel();
        self.submit(f, move |r| drop(done.send(r)))?;
        answer.recv().map_err(|_| StoreError::from(UNANSWERED))?
    }
}

/// What a call whose answer never came says (it panicked on the connection's thread).
const UNANSWERED: &str = "the database call failed without an answer";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_call_that_panics_fails_alone_and_the_next_one_is_served() {
        let worker = Worker::spawn(Connection::open_in_memory().expect("connection")).expect("thread");
        let failed = worker.call::<(), _>(|_| panic!("a bug in one call")).await;
        assert!(failed.is_err(), "{failed:?}");
        let next = worker.call(|c| Ok(c.query_row("SELECT 41 + 1", [], |r| r.get::<_, i64>(0))?)).await;
        assert_eq!(next.expect("served"), 42);
        assert_eq!(
            worker.call_blocking(|c| Ok(c.query_row("SELECT 7", [], |r| r.get::<_, i64>(0))?)).expect("served"),
            7
        );
    }
}
