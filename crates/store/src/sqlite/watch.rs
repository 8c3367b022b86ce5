//! What `watch` remembers: feed validators, items seen, files read.

use std::collections::BTreeSet;

use rusqlite::{params, OptionalExtension};

use super::{now, SqliteStore};
use crate::{FeedState, SeenFile, StoreError, WatchUpdate};

impl SqliteStore {
    pub(crate) fn read_feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT url, etag, last_modified FROM watch_feeds WHERE url = ?1",
                [url],
                |row| {
                    Ok(FeedState {
                        url: row.get(0)?,
                        etag: row.get(1)?,
                        last_modified: row.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    pub(crate) fn read_seen_items(&self, feed: &str) -> Result<BTreeSet<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT item FROM watch_items WHERE feed = ?1")?;
        let items = statement
            .query_map([feed], |row| row.get(0))?
            .collect::<Result<BTreeSet<String>, _>>()?;
        Ok(items)
    }

    pub(crate) fn read_seen_file(&self, path: &str) -> Result<Option<SeenFile>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT path, modified_ns, size FROM watch_files WHERE path = ?1",
                [path],
                |row| {
                    Ok(SeenFile {
                        path: row.get(0)?,
                        modified_ns: row.get(1)?,
                        size: row.get::<_, i64>(2)?.max(0) as u64,
                    })
                },
            )
            .optional()?)
    }

    pub(crate) fn write_watch(&mut self, update: &WatchUpdate) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let at = now();
        for feed in &update.feeds {
            tx.execute(
                "INSERT OR REPLACE INTO watch_feeds (url, etag, last_modified, checked_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![feed.url, feed.etag, feed.last_modified, at],
            )?;
        }
        for (feed, item) in &update.items {
            tx.execute(
                "INSERT OR IGNORE INTO watch_items (feed, item, seen_at) VALUES (?1, ?2, ?3)",
                params![feed, item, at],
            )?;
        }
        for file in &update.files {
            tx.execute(
                "INSERT OR REPLACE INTO watch_files (path, modified_ns, size, seen_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    file.path,
                    file.modified_ns,
                    i64::try_from(file.size).unwrap_or(i64::MAX),
                    at
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
