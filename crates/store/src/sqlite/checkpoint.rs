//! WAL checkpoints off the writer's path. SQLite's automatic checkpoint runs inside the commit
//! that crosses its threshold, so one commit in a few dozen paid for copying everyone's pages
//! into the database file (most of a slow commit). A writing store instead turns it off and
//! hands checkpoints to a thread of its own, with its own connection: after a commit it is
//! nudged, and at most every [`EVERY`] it runs a passive checkpoint, which never blocks the
//! writer or readers. Dropping the store stops the thread.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

/// Shortest time between two checkpoints.
const EVERY: Duration = Duration::from_millis(250);

/// Frames in the WAL past which the writer finishes a checkpoint itself after its step (see
/// [`Checkpointer::wal_is_long`]): 2,048 frames, 8 MiB. A new process's WAL grows to this
/// length before it is first started again, and those first pages are fresh pages of the file:
/// at 64 MiB that was the first 30-odd articles of a one-at-a-time add at 100,000 stored
/// articles, and its commit p99 was 15-18 ms; at 8 MiB, 7-9 ms.
const LONG_WAL_FRAMES: i64 = 2_048;

pub(crate) struct Checkpointer {
    nudge: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
    /// Frames in the WAL at the thread's last checkpoint.
    frames: Arc<AtomicI64>,
    /// Set: the WAL counts as long whatever its length (tests).
    long: std::sync::atomic::AtomicBool,
}

impl Checkpointer {
    /// Starts the thread for the database at `path` (whose writer turned automatic
    /// checkpoints off).
    pub(crate) fn start(path: &str) -> Result<Checkpointer, rusqlite::Error> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let (nudge, nudged) = channel();
        let frames = Arc::new(AtomicI64::new(0));
        let seen = Arc::clone(&frames);
        let thread = std::thread::Builder::new()
            .name("corpus-checkpoint".into())
            .spawn(move || run(&conn, &nudged, &seen))
            .ok();
        Ok(Checkpointer {
            nudge: Some(nudge),
            thread,
            frames,
            long: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Whether the WAL has grown long. The thread's passive checkpoints copy pages into the
    /// database file, but the WAL only starts again from its beginning when a writer's
    /// transaction begins with every frame copied, which a writer that never pauses seldom
    /// meets: the WAL then grows without end, and each page appended past its end is a new
    /// page of the file for the kernel to zero (at 20,000 articles, a tenth of the writer's
    /// time). So once it is long, the writer finishes the copy itself at the end of a step
    /// ([`crate::Store::settle`]), after its articles are in their stories.
    pub(crate) fn wal_is_long(&self) -> bool {
        self.frames.load(Ordering::Relaxed) > LONG_WAL_FRAMES || self.long.load(Ordering::Relaxed)
    }

    /// Takes the WAL for long until the writer has restarted it (tests: a long WAL is
    /// 8 MiB).
    #[cfg(test)]
    pub(crate) fn take_as_long(&self) {
        self.long.store(true, Ordering::Relaxed);
    }

    /// The writer checkpointed everything: the WAL starts again with its next transaction.
    pub(crate) fn restarted(&self) {
        self.frames.store(0, Ordering::Relaxed);
        self.long.store(false, Ordering::Relaxed);
    }

    /// A commit happened: a checkpoint is due soon.
    pub(crate) fn nudge(&self) {
        if let Some(nudge) = &self.nudge {
            let _ = nudge.send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // closing the channel ends the thread after its last checkpoint
        self.nudge = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(conn: &Connection, nudged: &Receiver<()>, frames: &AtomicI64) {
    let mut last = Instant::now() - EVERY;
    while nudged.recv().is_ok() {
        // wait out the rest of the interval, taking the nudges that come meanwhile
        let mut open = true;
        loop {
            let left = EVERY.saturating_sub(last.elapsed());
            if left.is_zero() {
                break;
            }
            match nudged.recv_timeout(left) {
                Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    open = false;
                    break;
                }
            }
        }
        // a failed checkpoint (e.g. busy) leaves the pages in the WAL for the next one
        if let Ok(log) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
            row.get::<_, i64>(1)
        }) {
            frames.store(log, Ordering::Relaxed);
        }
        last = Instant::now();
        if !open {
            break;
        }
    }
}
