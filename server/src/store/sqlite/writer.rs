//! The writer thread: the one connection that writes, with group commit.

use super::SqliteTx;
use crate::error::AppError;
use crate::store::idempotency::run_mutation;
use crate::store::{Idempotency, Reply, Tx};
use rusqlite::Connection;

/// Most mutations committed together.
const MAX_BATCH: usize = 64;

/// The writer's queue. Writers queue here (FIFO), so SQLite never makes one wait in its
/// busy handler, whose sleeps (up to 100 ms) would dominate tail latency.
#[derive(Clone)]
pub struct Writer {
    queue: std::sync::mpsc::Sender<Work>,
}

/// What the writer thread runs.
enum Work {
    /// A mutation that can share a transaction (in its own savepoint).
    Batched(Box<dyn BatchJob>),
    /// A write that runs alone, in its own transaction.
    Alone(Box<dyn FnOnce(&mut Connection) + Send>),
}

trait BatchJob: Send {
    /// Runs inside the batch transaction; false when its work must be rolled back.
    fn run(&mut self, conn: &Connection) -> bool;
    /// Answers once the batch is committed (or with the commit's failure).
    fn finish(self: Box<Self>, committed: Result<(), String>);
}

struct MutationJob<F> {
    f: Option<F>,
    idem: Option<Idempotency>,
    now: i64,
    out: Option<Result<Reply, AppError>>,
    reply: tokio::sync::oneshot::Sender<Result<Reply, AppError>>,
}

impl<F> BatchJob for MutationJob<F>
where
    F: FnOnce(&dyn Tx, i64) -> Result<String, AppError> + Send,
{
    fn run(&mut self, conn: &Connection) -> bool {
        let Some(f) = self.f.take() else { return false };
        let (idem, now) = (self.idem.as_ref(), self.now);
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_mutation(&SqliteTx(conn), idem, false, now, f)
        }))
        .unwrap_or_else(|_| Err(AppError::internal("a mutation panicked")));
        let keep = !matches!(out, Err(AppError::Internal(_) | AppError::Unavailable(_)));
        self.out = Some(out);
        keep
    }

    fn finish(self: Box<Self>, committed: Result<(), String>) {
        let answer = match committed {
            Ok(()) => self
                .out
                .unwrap_or_else(|| Err(AppError::internal("a mutation did not run"))),
            Err(e) => Err(AppError::internal(format!("commit failed: {e}"))),
        };
        let _ = self.reply.send(answer);
    }
}

impl Writer {
    /// Starts the writer thread on `conn`.
    pub fn start(conn: Connection) -> Result<Writer, AppError> {
        let (queue, work) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || writer_loop(conn, work))
            .map_err(|e| AppError::internal(format!("start the writer: {e}")))?;
        Ok(Writer { queue })
    }

    /// Queues one mutation (see [`crate::store::Store::mutate`]).
    pub async fn mutate<F>(
        &self,
        idem: Option<Idempotency>,
        now: i64,
        f: F,
    ) -> Result<Reply, AppError>
    where
        F: FnOnce(&dyn Tx, i64) -> Result<String, AppError> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = MutationJob {
            f: Some(f),
            idem,
            now,
            out: None,
            reply,
        };
        self.queue
            .send(Work::Batched(Box::new(job)))
            .map_err(|_| AppError::internal("the writer has stopped"))?;
        answer
            .await
            .map_err(|_| AppError::internal("the writer dropped a mutation"))?
    }

    /// Runs `f` alone in one IMMEDIATE transaction, committed when it succeeds.
    pub async fn alone<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = move |conn: &mut Connection| {
            let run = || -> Result<T, AppError> {
                conn.execute_batch("BEGIN IMMEDIATE")?;
                let out = f(&SqliteTx(conn));
                match out {
                    Ok(v) => {
                        conn.execute_batch("COMMIT")?;
                        Ok(v)
                    }
                    Err(e) => Err(e),
                }
            };
            let out = run();
            if !conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK");
            }
            let _ = reply.send(out);
        };
        self.queue
            .send(Work::Alone(Box::new(job)))
            .map_err(|_| AppError::internal("the writer has stopped"))?;
        answer
            .await
            .map_err(|_| AppError::internal("the writer dropped a write"))?
    }
}

/// The writer thread: takes the next piece of work, and with it every mutation already
/// waiting (up to [`MAX_BATCH`]); runs them in one IMMEDIATE transaction, each in its own
/// savepoint, commits once (one WAL sync under `synchronous=FULL`), then answers them
/// all. Under load this turns many small commits into few; alone, a mutation commits at
/// once (it never waits for company).
fn writer_loop(mut conn: Connection, queue: std::sync::mpsc::Receiver<Work>) {
    let mut next = queue.recv().ok();
    while let Some(work) = next.take() {
        let mut batch: Vec<Box<dyn BatchJob>> = vec![];
        let mut alone = None;
        let mut item = Some(work);
        while let Some(w) = item.take() {
            match w {
                Work::Batched(job) => batch.push(job),
                Work::Alone(f) => {
                    alone = Some(f);
                    break;
                }
            }
            if batch.len() < MAX_BATCH {
                item = queue.try_recv().ok();
            }
        }
        commit_batch(&mut conn, batch);
        if let Some(f) = alone {
            if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut conn))).is_err() {
                let _ = conn.execute_batch("ROLLBACK");
            }
        }
        next = queue.recv().ok();
    }
}

fn commit_batch(conn: &mut Connection, mut batch: Vec<Box<dyn BatchJob>>) {
    if batch.is_empty() {
        return;
    }
    let result = (|| -> rusqlite::Result<()> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        for job in batch.iter_mut() {
            conn.execute_batch("SAVEPOINT job")?;
            if job.run(conn) {
                conn.execute_batch("RELEASE job")?;
            } else {
                conn.execute_batch("ROLLBACK TO job; RELEASE job")?;
            }
        }
        conn.execute_batch("COMMIT")
    })();
    if result.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    let committed = result.map_err(|e| e.to_string());
    for job in batch {
        job.finish(committed.clone());
    }
}
