//! WAL checkpoints off the writer's path. SQLite's automatic checkpoint runs inside the commit
//! that crosses its threshold, so one commit in a few dozen paid for copying everyone's pages
//! into the database file (most of a slow commit). A writing store instead turns it off and
//! hands checkpoints to a thread of its own, with its own connection: after a commit it is
//! nudged, and at most every [`EVERY`] it runs a passive checkpoint, which never blocks the
//! writer or readers. Dropping the store stops the thread.

use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

/// Shortest time between two checkpoints.
const EVERY: Duration = Duration::from_millis(250);

pub(crate) struct Checkpointer {
    nudge: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread for the database at `path` (whose writer turned automatic
    /// checkpoints off).
    pub(crate) fn start(path: &str) -> Result<Checkpointer, rusqlite::Error> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let (nudge, nudged) = channel();
        let thread = std::thread::Builder::new()
            .name("corpus-checkpoint".into())
            .spawn(move || run(&conn, &nudged))
            .ok();
        Ok(Checkpointer {
            nudge: Some(nudge),
            thread,
        })
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

fn run(conn: &Connection, nudged: &Receiver<()>) {
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
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        last = Instant::now();
        if !open {
            break;
        }
    }
}
