//! corroborate-watch: finds new articles in news feeds and folders, for `corroborate watch`.
//!
//! A [`Watcher`] makes one [`Pass`] at a time over its [`Source`]s and hands back what is new;
//! adding it to the corpus is the engine's job (the same path as `corroborate add`), and
//! [`Pass::update`] is then recorded with [`Store::record_watch`] so the next pass, in this
//! process or a later one, skips it.
//!
//! - Feeds (RSS / Atom over HTTP(S)) are fetched with a conditional GET (`If-None-Match`,
//!   `If-Modified-Since` from the last good response); each item not seen before has its page
//!   fetched and read as HTML ([`corroborate_ingest::read_page`]), falling back to the item's
//!   own content when the page cannot be had. [`Fetcher`] honours robots.txt, waits between
//!   requests to one host, retries 5xx answers and timeouts with backoff, and reads at most
//!   10 MiB a response within 30 s.
//! - Folders are walked as `add` walks them; a file is new when its modification time or size
//!   differs from what was recorded.
//!
//! Every input that gives nothing is one [`Failure`] naming it; the rest go on.
//!
//! ```no_run
//! use corroborate_store::{SqliteStore, Store};
//! use corroborate_watch::{FetchOptions, Source, Watcher};
//!
//! let mut store = SqliteStore::open("corpus.db".as_ref()).unwrap();
//! let mut watcher = Watcher::new(
//!     vec![Source::parse("https://news.example/feed.xml"), Source::parse("news/")],
//!     FetchOptions::default(),
//! )
//! .unwrap();
//! let pass = watcher.pass(&store, &|| false).unwrap();
//! // ... add pass.documents and pass.files through the engine, then:
//! store.record_watch(&pass.update).unwrap();
//! ```

mod feeds;
mod folders;
mod http;
mod robots;

use std::path::PathBuf;
use std::time::Duration;

use corroborate_core::{Document, Failure};
use corroborate_store::{Store, StoreError, WatchUpdate};

pub use crate::http::{FetchError, FetchOptions, Fetched, Fetcher, Page, Validators, AGENT};
pub use crate::robots::Robots;

/// Something to watch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// An RSS or Atom feed's URL.
    Feed(String),
    /// A folder (walked recursively) or one file.
    Path(PathBuf),
}

impl Source {
    /// `http://` and `https://` arguments are feeds; anything else a path.
    pub fn parse(arg: &str) -> Source {
        let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            Source::Feed(arg.to_string())
        } else {
            Source::Path(PathBuf::from(arg))
        }
    }
}

/// What one pass found.
#[derive(Debug, Default)]
pub struct Pass {
    /// New feed articles, read and not yet annotated.
    pub documents: Vec<Document>,
    /// New or changed files, to read as `add` reads them.
    pub files: Vec<PathBuf>,
    /// Inputs that gave nothing, each naming its URL or path.
    pub failures: Vec<Failure>,
    /// Articles that came from a feed item's content because their page could not be had.
    pub warnings: Vec<String>,
    /// What to record once the articles are in the corpus.
    pub update: WatchUpdate,
}

impl Pass {
    /// Nothing new and nothing failed.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.files.is_empty() && self.failures.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Fetch(#[from] FetchError),
}

/// Watches feeds and folders, one pass at a time.
pub struct Watcher {
    sources: Vec<Source>,
    fetcher: Fetcher,
    /// Files changed more recently than this are left for the next pass (they may still be
    /// being written).
    settle: Duration,
}

impl Watcher {
    pub fn new(sources: Vec<Source>, options: FetchOptions) -> Result<Watcher, WatchError> {
        Ok(Watcher {
            sources,
            fetcher: Fetcher::new(options)?,
            settle: Duration::ZERO,
        })
    }

    /// Leaves files modified within `settle` for a later pass.
    pub fn with_settle(mut self, settle: Duration) -> Watcher {
        self.settle = settle;
        self
    }

    /// One pass over every source: what is new since the store's record. `stop` is asked
    /// between inputs; when it says so the pass ends early with what it has.
    pub fn pass(&mut self, store: &dyn Store, stop: &dyn Fn() -> bool) -> Result<Pass, WatchError> {
        let mut pass = Pass::default();
        for source in &self.sources {
            if stop() {
                break;
            }
            match source {
                Source::Feed(url) => feeds::poll(&mut self.fetcher, store, url, &mut pass, stop)?,
                Source::Path(path) => folders::scan(store, path, self.settle, &mut pass)?,
            }
        }
        Ok(pass)
    }
}
