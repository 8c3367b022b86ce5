//! The PostgreSQL backend: the same [`Store`](crate::Store) as [`crate::SqliteStore`], for a
//! corpus shared by many processes and machines. Numbered migrations live in
//! `migrations/postgres/` and are recorded in `schema_migrations`; applying them takes an
//! advisory lock, so workers that start together migrate once.

mod read;

pub use read::ASSIGNMENT_LOCK;
mod write;

use std::cell::{RefCell, RefMut};
use std::collections::BTreeSet;

use postgres::{Client, NoTls};

use crate::{FeedState, SeenFile, StoreError, WatchUpdate};

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_init.sql"),
    include_str!("../../migrations/postgres/0002_sketches.sql"),
];

/// Any lock number will do as long as nothing else in the database uses it.
const MIGRATION_LOCK: i64 = 0x636f_7272_6f62;

/// A corpus in a PostgreSQL database (`postgres://user@host:port/db`).
pub struct PostgresStore {
    client: RefCell<Client>,
    url: String,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("url", &self.url)
            .finish()
    }
}

/// Whether `db` names a PostgreSQL database rather than a file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> StoreError {
        let detail = match error.as_db_error() {
            Some(db) => format!("{} ({})", db.message(), db.code().code()),
            None => {
                let mut text = error.to_string();
                let mut source = std::error::Error::source(&error);
                while let Some(cause) = source {
                    text.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                text
            }
        };
        StoreError::Postgres(detail)
    }
}

impl PostgresStore {
    /// Connects to `url` and applies any migrations the database lacks.
    pub fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        let client = Client::connect(url, NoTls)?;
        let store = PostgresStore {
            client: RefCell::new(client),
            url: redact(url),
        };
        store.migrate()?;
        Ok(store)
    }

    pub(crate) fn db(&self) -> RefMut<'_, Client> {
        self.client.borrow_mut()
    }

    /// A value that changes with every batch committed by any process (a commit counter), for
    /// noticing that others wrote.
    pub fn change_token(&self) -> Result<String, StoreError> {
        let row = self
            .db()
            .query_opt("SELECT value FROM corpus_meta WHERE key = 'commits'", &[])?;
        Ok(row.map(|row| row.get(0)).unwrap_or_else(|| "0".to_string()))
    }

    /// The number of migrations applied.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        let row = self.db().query_one(
            "SELECT COALESCE(MAX(version), 0)::BIGINT FROM schema_migrations",
            &[],
        )?;
        Ok(row.get(0))
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let mut db = self.db();
        let mut tx = db.transaction()?;
        // The lock first: two processes creating the table at once race in the catalog
        // ("type schema_migrations already exists", or a unique violation), whatever IF NOT
        // EXISTS says.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
        )?;
        let found: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0)::BIGINT FROM schema_migrations",
                &[],
            )?
            .get(0);
        let known = MIGRATIONS.len() as i64;
        if found > known {
            return Err(StoreError::TooNew {
                path: self.url.clone(),
                found,
                known,
            });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                &[&(index as i64 + 1), &now()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub(crate) fn read_feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        let row = self.db().query_opt(
            "SELECT url, etag, last_modified FROM watch_feeds WHERE url = $1",
            &[&url],
        )?;
        Ok(row.map(|row| FeedState {
            url: row.get(0),
            etag: row.get(1),
            last_modified: row.get(2),
        }))
    }

    pub(crate) fn read_seen_items(&self, feed: &str) -> Result<BTreeSet<String>, StoreError> {
        let rows = self
            .db()
            .query("SELECT item FROM watch_items WHERE feed = $1", &[&feed])?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    pub(crate) fn read_seen_file(&self, path: &str) -> Result<Option<SeenFile>, StoreError> {
        let row = self.db().query_opt(
            "SELECT path, modified_ns, size FROM watch_files WHERE path = $1",
            &[&path],
        )?;
        Ok(row.map(|row| SeenFile {
            path: row.get(0),
            modified_ns: row.get(1),
            size: row.get::<_, i64>(2).max(0) as u64,
        }))
    }

    pub(crate) fn write_watch(&mut self, update: &WatchUpdate) -> Result<(), StoreError> {
        let mut db = self.db();
        let mut tx = db.transaction()?;
        let at = now();
        for feed in &update.feeds {
            tx.execute(
                "INSERT INTO watch_feeds (url, etag, last_modified, checked_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
                     last_modified = excluded.last_modified, checked_at = excluded.checked_at",
                &[&feed.url, &feed.etag, &feed.last_modified, &at],
            )?;
        }
        for (feed, item) in &update.items {
            tx.execute(
                "INSERT INTO watch_items (feed, item, seen_at) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
                &[feed, item, &at],
            )?;
        }
        for file in &update.files {
            tx.execute(
                "INSERT INTO watch_files (path, modified_ns, size, seen_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (path) DO UPDATE SET modified_ns = excluded.modified_ns,
                     size = excluded.size, seen_at = excluded.seen_at",
                &[
                    &file.path,
                    &file.modified_ns,
                    &i64::try_from(file.size).unwrap_or(i64::MAX),
                    &at,
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
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
    fn urls_are_told_apart_and_passwords_hidden() {
        assert!(is_postgres_url("postgres://u@h/db"));
        assert!(is_postgres_url("postgresql://h/db"));
        assert!(!is_postgres_url("/tmp/corpus.db"));
        assert_eq!(
            redact("postgres://me:secret@db.example:5432/corpus"),
            "postgres://me:***@db.example:5432/corpus"
        );
        assert_eq!(redact("postgres://db/corpus"), "postgres://db/corpus");
    }
}
