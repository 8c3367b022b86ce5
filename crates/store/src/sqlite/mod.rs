//! The embedded SQLite backend.

mod cache;
mod checkpoint;
mod read;
mod watch;
mod write;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// The migrations, in order; migration `n` (1-based) brings the schema to `user_version = n`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_watch.sql"),
    include_str!("../../migrations/0003_article_count.sql"),
    include_str!("../../migrations/0004_sketches.sql"),
    include_str!("../../migrations/0005_fts_pending.sql"),
];

/// Page cache of a store that only reads (SQLite's default is 2 MiB): searches and story
/// pages read rows all over a large corpus.
const READER_CACHE_KIB: i64 = 64 * 1024;
/// Page cache of a store once it has written: assigning articles to stories reads the term
/// index, sketches and members all over the corpus with every article (at 100,000 articles,
/// a 200-article sample's assignment p99 went from 42 ms at 64 MiB to 18 ms at 512 MiB).
const WRITER_CACHE_KIB: i64 = 512 * 1024;

/// How long a statement waits for another connection's lock before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The corpus in one SQLite file (or in memory, for tests).
pub struct SqliteStore {
    conn: Connection,
    path: String,
    /// The assignment lock file, while held (see [`Store::lock_assignment`]).
    assigning: Option<std::fs::File>,
    /// Runs WAL checkpoints once this store has written (file corpora only).
    checkpointer: Option<checkpoint::Checkpointer>,
    /// Term frequencies and sketches read before, while no other connection writes.
    cache: std::cell::RefCell<cache::Cache>,
}

impl SqliteStore {
    /// Opens (creating when missing, with its folder) the corpus at `path`, in WAL mode, and
    /// applies any migrations it lacks.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Before anything that may need a lock: another process may be writing.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::init(conn, path.display().to_string())
    }

    /// A private corpus in memory.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        Self::init(Connection::open_in_memory()?, ":memory:".to_string())
    }

    /// Takes the lock file beside the corpus (`PATH.assign-lock`), waiting for another process
    /// that holds it: workers on one machine assign one after another.
    pub(crate) fn lock_file(&mut self) -> Result<(), StoreError> {
        if self.path == ":memory:" || self.assigning.is_some() {
            return Ok(());
        }
        let path = format!("{}.assign-lock", self.path);
        let io = |source| StoreError::Io {
            path: path.clone(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        file.lock().map_err(io)?;
        self.assigning = Some(file);
        Ok(())
    }

    /// After a commit: checkpoints run on a thread of their own (started by the first commit),
    /// not inside the next commit that crosses SQLite's threshold; a writer keeps a larger
    /// page cache.
    pub(crate) fn committed(&mut self) -> Result<(), StoreError> {
        if self.path == ":memory:" {
            return Ok(());
        }
        if self.checkpointer.is_none() {
            self.conn
                .pragma_update(None, "cache_size", -WRITER_CACHE_KIB)?;
            self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
            self.checkpointer = Some(checkpoint::Checkpointer::start(&self.path)?);
        }
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.nudge();
        }
        Ok(())
    }

    /// Copies the rest of a long WAL into the database file, so that the next transaction
    /// starts it again from its beginning (see `Checkpointer::wal_is_long`).
    pub(crate) fn finish_checkpoint(&mut self) -> Result<(), StoreError> {
        let Some(checkpointer) = &self.checkpointer else {
            return Ok(());
        };
        if checkpointer.wal_is_long() {
            // busy (the thread is checkpointing): the next step tries again
            let done: Option<(i64, i64)> = self
                .conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                    Ok((row.get(1)?, row.get(2)?))
                })
                .ok();
            if done.is_some_and(|(log, copied)| copied >= log) {
                checkpointer.restarted();
            }
        }
        Ok(())
    }

    /// Lets the next process assign (closing the file releases its lock).
    pub(crate) fn unlock_file(&mut self) {
        self.assigning = None;
    }

    /// A number that changes whenever another connection (this process's or another's, e.g.
    /// a `watch` beside a `serve`) has committed to the corpus since this one last asked;
    /// SQLite's `PRAGMA data_version`. Cheap: no table is read.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }

    /// The cache, emptied first when another connection has committed since it was filled.
    pub(crate) fn cache(&self) -> Result<std::cell::RefMut<'_, cache::Cache>, StoreError> {
        let version = self.data_version()?;
        let mut cache = self.cache.borrow_mut();
        cache.check(version);
        Ok(cache)
    }

    fn init(conn: Connection, path: String) -> Result<SqliteStore, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "cache_size", -READER_CACHE_KIB)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = SqliteStore {
            conn,
            path,
            assigning: None,
            checkpointer: None,
            cache: Default::default(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// The SQLite journal mode in force (`wal` for files).
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))?)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let found = self.schema_version()?;
        let known = MIGRATIONS.len() as i64;
        if found > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                known,
            });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }
}

/// Now, as an RFC 3339 UTC timestamp (seconds).
fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_store_is_fully_migrated() {
        let store = SqliteStore::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    }

    /// Frames in the WAL: `mxFrame` of the WAL index header (the `-shm` file), read without
    /// touching the database.
    fn wal_frames(path: &Path) -> u32 {
        let shm = std::fs::read(format!("{}-shm", path.display())).unwrap();
        u32::from_ne_bytes([shm[16], shm[17], shm[18], shm[19]])
    }

    #[test]
    fn settling_a_long_wal_starts_it_again() {
        use crate::conformance::{fixture, new_article};
        use crate::{Batch, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.db");
        let mut store = SqliteStore::open(&path).unwrap();
        let add = |store: &mut SqliteStore, k: usize| {
            let doc = fixture(
                &format!("a{k}"),
                &"Dock workers walked out. ".repeat(400),
                None,
                None,
            );
            store
                .commit(&Batch {
                    articles: vec![new_article(&doc, &[])],
                    ..Batch::default()
                })
                .unwrap();
        };
        for k in 0..4 {
            add(&mut store, k);
        }
        let long = wal_frames(&path);
        assert!(long > 8, "{long} frames");
        // Not long: settling leaves the WAL as it is, and it grows on.
        store.settle().unwrap();
        add(&mut store, 4);
        let longer = wal_frames(&path);
        assert!(longer > long, "{longer} after {long}");
        // Long: settling checkpoints it whole, and the next commit writes from its start.
        // While the checkpoint thread holds the WAL, settling leaves it for the next step and
        // the next commit cannot start it again: a few steps may pass before one does.
        let mut restarted = None;
        for k in 5..25 {
            if let Some(checkpointer) = &store.checkpointer {
                checkpointer.take_as_long();
            }
            store.settle().unwrap();
            add(&mut store, k);
            let frames = wal_frames(&path);
            if frames < long {
                restarted = Some(frames);
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(
            restarted.is_some(),
            "the WAL never started again after {longer} frames"
        );
    }
}
