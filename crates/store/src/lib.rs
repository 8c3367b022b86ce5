//! corroborate-store: the living corpus.
//!
//! One [`Store`] trait is all the engine sees; [`SqliteStore`] implements it on embedded SQLite
//! (WAL mode, numbered migrations in `migrations/` applied through `PRAGMA user_version`, FTS5
//! for full text). It keeps each article's raw bytes as given (deflated), its metadata, cleaned
//! text, alignments, dropped spans and annotation layers, its sentence vectors, an inverted
//! index of its rarer terms for finding candidate stories, and the stories with their claims,
//! members and briefs.
//!
//! Every write goes through [`Store::commit`] with one [`Batch`], applied in one transaction:
//! a crash leaves the corpus as it was before the batch, never with half a story. What
//! `corroborate watch` remembers between runs (feed validators, items seen, files read) is
//! written with [`Store::record_watch`].
//!
//! [`conformance::run_all`] is the behaviour every backend must have, written once over
//! `&mut dyn Store`; each backend's tests call it with a fresh store.
//!
//! ```
//! use corroborate_store::{SqliteStore, Store, StoryFilter};
//!
//! let store = SqliteStore::open_in_memory().unwrap();
//! assert_eq!(store.article_count().unwrap(), 0);
//! assert!(store.stories(&StoryFilter::default()).unwrap().is_empty());
//! ```

mod codec;
pub mod conformance;
mod keys;
mod postgres;
mod sqlite;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use corroborate_core::{Analysis, DerivedFrom, Document, Story};

pub use crate::codec::CodecError;
pub use crate::keys::{content_hash, normalise_url, published_seconds};
pub use crate::postgres::{is_postgres_url, PostgresStore, ASSIGNMENT_LOCK};
pub use crate::sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("corpus data: {0}")]
    Codec(#[from] CodecError),
    #[error("cannot create {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the corpus at {path} has schema version {found}; this build knows up to {known}")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("article id {0} is already in the corpus")]
    DuplicateId(String),
    #[error("PostgreSQL: {0}")]
    Postgres(String),
}

/// What the corpus already holds for an incoming article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Nothing: a new article.
    New,
    /// The same bytes, or the same (normalised) URL with the same content: store nothing.
    Duplicate { article: String },
    /// The same URL with different content: a new revision of `previous`.
    Revision { previous: String },
}

/// An annotated article to store.
#[derive(Clone, Debug)]
pub struct NewArticle<'a> {
    pub doc: &'a Document,
    /// [`normalise_url`] of `doc.meta.url`.
    pub url_key: Option<String>,
    /// [`content_hash`] of `doc.raw`.
    pub content_hash: String,
    /// The article this one revises (it stops being a member of any story).
    pub revision_of: Option<String>,
    /// Index terms with their weight in this article (see [`Store::candidates`]).
    pub terms: Vec<(String, f32)>,
    /// Mean sentence vector, when the article has vectors.
    pub vector: Option<Vec<f32>>,
    /// What grouping needs of it (`corroborate_story::Sketch::to_bytes`), read back by
    /// [`Store::sketches`]; empty stores none.
    pub sketch: Vec<u8>,
}

/// A story to write (insert or replace), with the rewrites found among its members.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryUpdate {
    pub story: Story,
    pub derived_from: BTreeMap<String, DerivedFrom>,
    /// Number of distinct outlets among the members.
    pub outlets: usize,
    /// Latest publication date of a member (`YYYY-MM-DD...`), for ordering by activity.
    pub last_published: Option<String>,
    /// The members are current but the claims and brief are not yet recomputed for them
    /// (see [`Store::pending_stories`]). A stored story written pending keeps its report,
    /// title, claims and rewrites; only its members and counts (the outlet count never
    /// lower) change until it is written again not pending.
    pub pending: bool,
}

impl StoryUpdate {
    /// The story's number (`s12` → 12), for ordering; unnumbered ids sort last.
    pub(crate) fn number(&self) -> i64 {
        self.story
            .id
            .strip_prefix('s')
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| i64::from(u32::MAX))
    }

    /// Claims several independent outlets state.
    pub(crate) fn corroborated(&self) -> i64 {
        self.story
            .claims
            .iter()
            .filter(|claim| claim.status == corroborate_core::ClaimStatus::Corroborated)
            .count() as i64
    }

    /// The activity the story list orders by: its latest publication, else `at`.
    pub(crate) fn activity(&self, at: &str) -> String {
        self.last_published
            .clone()
            .unwrap_or_else(|| at.to_string())
    }
}

/// Everything one step of `add` writes, applied atomically.
#[derive(Clone, Debug, Default)]
pub struct Batch<'a> {
    pub articles: Vec<NewArticle<'a>>,
    pub stories: Vec<StoryUpdate>,
    /// Merged stories: `(from, to)`; `from` is deleted and answers as `to` from then on.
    pub redirects: Vec<(String, String)>,
    /// The sentence encoder the batch's vectors come from, recorded for the corpus.
    pub encoder: Option<String>,
}

/// A stored story with what its report needs.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredStory {
    pub story: Story,
    pub derived_from: BTreeMap<String, DerivedFrom>,
}

/// One line of the story list.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub articles: usize,
    pub outlets: usize,
    pub claims: usize,
    pub corroborated: usize,
    /// Latest member publication date, else when the story last changed.
    pub activity: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Which stories [`Store::stories`] lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryFilter {
    /// Only stories active on or after this `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Only stories with at least this many distinct outlets.
    pub min_sources: usize,
}

/// An article row, for listings and exports.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ArticleSummary {
    pub id: String,
    pub story: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub added_at: String,
    pub revision_of: Option<String>,
    pub superseded_by: Option<String>,
    pub words: usize,
    pub content_hash: String,
}

/// A claim row, for exports.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ClaimRow {
    pub story: String,
    pub claim: String,
    pub status: String,
    pub sources: usize,
    pub text: String,
}

/// A full-text match.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TextHit {
    pub article: String,
    pub story: Option<String>,
    pub title: Option<String>,
    /// The matching passage, matches in `[` `]`.
    pub snippet: String,
    /// BM25 rank (lower is better, as SQLite gives it).
    pub rank: f64,
}

/// A sentence near a query vector.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SentenceHit {
    pub article: String,
    pub story: Option<String>,
    pub sentence: usize,
    pub text: String,
    pub similarity: f32,
}

/// A stored article that shares index terms with an incoming one.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub article: String,
    pub story: Option<String>,
    /// Sum over shared terms of weight × IDF.
    pub score: f32,
}

/// How [`Store::candidates`] looks.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateQuery<'a> {
    /// The incoming article's index terms and weights.
    pub terms: &'a [(String, f32)],
    /// Seconds since the epoch of its publication; with `window_days`, only stored articles
    /// published that close (or undated) are considered.
    pub published: Option<i64>,
    pub window_days: i64,
    /// The rarest terms looked up, at most.
    pub max_terms: usize,
    /// Postings read per term, at most (newest first).
    pub max_postings: usize,
    /// Articles returned, at most (best first).
    pub limit: usize,
}

/// A watched feed's validators from its last good response, sent back for a conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedState {
    pub url: String,
    /// The `ETag` header, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// A file of a watched folder as it was when last read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeenFile {
    pub path: String,
    /// Modification time, nanoseconds since the epoch.
    pub modified_ns: i64,
    pub size: u64,
}

/// What one pass of `watch` learnt, written in one transaction after its articles were added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatchUpdate {
    /// Feeds whose validators are replaced.
    pub feeds: Vec<FeedState>,
    /// Feed items handled: `(feed url, item guid or link)`.
    pub items: Vec<(String, String)>,
    /// Files read (replacing what was known of the same path).
    pub files: Vec<SeenFile>,
}

/// The corpus, as the engine uses it. Reads take `&self`; all writes are one [`Batch`].
pub trait Store {
    /// What the corpus holds for an article with this URL key and content hash.
    fn lookup(&self, url_key: Option<&str>, content_hash: &str) -> Result<Lookup, StoreError>;
    /// True when an article (any revision) already has this id.
    fn has_article_id(&self, id: &str) -> Result<bool, StoreError>;
    /// Current (not superseded) articles.
    fn article_count(&self) -> Result<usize, StoreError>;
    /// The stored articles, annotated as they were when added, in the order of `ids`
    /// (unknown ids are skipped).
    fn documents(&self, ids: &[String]) -> Result<Vec<Document>, StoreError>;
    /// The stored sketches ([`NewArticle::sketch`]) of those of `ids` that have one.
    fn sketches(&self, ids: &[String]) -> Result<HashMap<String, Vec<u8>>, StoreError>;
    /// Stored articles sharing the rarer of `query.terms`, best first.
    fn candidates(&self, query: &CandidateQuery<'_>) -> Result<Vec<Candidate>, StoreError>;
    /// The story an article belongs to.
    fn story_of(&self, article: &str) -> Result<Option<String>, StoreError>;
    /// Stories last written [`StoryUpdate::pending`], oldest first.
    fn pending_stories(&self) -> Result<Vec<String>, StoreError>;
    /// Member article ids of a story, in the order they were added.
    fn members(&self, story: &str) -> Result<Vec<String>, StoreError>;
    /// A story by id, following merges (an old id answers with the story it merged into).
    fn story(&self, id: &str) -> Result<Option<StoredStory>, StoreError>;
    /// The id a story id resolves to after merges, when it exists.
    fn resolve_story(&self, id: &str) -> Result<Option<String>, StoreError>;
    /// The highest story number used so far (ids are `s1`, `s2`, ...).
    fn last_story_number(&self) -> Result<u64, StoreError>;
    /// Stories, newest activity first.
    fn stories(&self, filter: &StoryFilter) -> Result<Vec<StorySummary>, StoreError>;
    /// Every article revision, in the order added.
    fn articles(&self) -> Result<Vec<ArticleSummary>, StoreError>;
    /// Every claim of every story.
    fn claims(&self) -> Result<Vec<ClaimRow>, StoreError>;
    /// Full-text search over current articles, best first.
    fn search_text(&self, query: &str, limit: usize) -> Result<Vec<TextHit>, StoreError>;
    /// Sentences of current articles nearest to `vector` by cosine, best first.
    fn nearest_sentences(
        &self,
        vector: &[f32],
        limit: usize,
    ) -> Result<Vec<SentenceHit>, StoreError>;
    /// The sentence encoder the corpus's vectors come from (`None` while it is empty).
    fn encoder(&self) -> Result<Option<String>, StoreError>;
    /// In how many current articles each of `terms` occurs (terms in none are left out).
    fn term_df(&self, terms: &[String]) -> Result<HashMap<String, u64>, StoreError>;
    /// How many current articles have a document vector, and the sum of those vectors
    /// (empty while there are none).
    fn vector_sum(&self) -> Result<(usize, Vec<f32>), StoreError>;
    /// Writes a batch in one transaction.
    fn commit(&mut self, batch: &Batch<'_>) -> Result<(), StoreError>;
    /// A watched feed's validators, when it was fetched before.
    fn feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError>;
    /// The items of a watched feed already handled (guids, else links).
    fn seen_items(&self, feed: &str) -> Result<BTreeSet<String>, StoreError>;
    /// A watched file as it was when last read.
    fn seen_file(&self, path: &str) -> Result<Option<SeenFile>, StoreError>;
    /// Writes what a pass of `watch` learnt, in one transaction.
    fn record_watch(&mut self, update: &WatchUpdate) -> Result<(), StoreError>;
    /// Waits until no other process assigns articles to stories, and keeps them waiting until
    /// [`Store::unlock_assignment`], so concurrent workers assign one after another (as one
    /// process would). A no-op where one process owns the corpus.
    fn lock_assignment(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    fn unlock_assignment(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    /// A step of an add has ended (its articles are in their stories and the stories
    /// recomputed): upkeep that would otherwise land inside a later commit is done now.
    fn settle(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// A stored story as an [`Analysis`] of its member articles, ready for any report renderer
/// (what `corroborate story` prints and the server's story page shows); `None` when no story
/// answers to `id` (merged stories answer as the story they went into).
pub fn story_analysis(store: &dyn Store, id: &str) -> Result<Option<Analysis>, StoreError> {
    let Some(stored) = store.story(id)? else {
        return Ok(None);
    };
    let documents = store.documents(&stored.story.articles)?;
    Ok(Some(Analysis {
        documents,
        stories: vec![stored.story],
        derived_from: stored.derived_from,
        failures: Vec::new(),
        encoder: store.encoder()?.unwrap_or_default(),
    }))
}

/// Where the corpus lives by default: `$XDG_DATA_HOME/corroborate/corpus.db`, else
/// `~/.local/share/corroborate/corpus.db`; `None` without either variable.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|dir| !dir.is_empty())
                .map(|home| PathBuf::from(home).join(".local").join("share"))
        })?;
    Some(base.join("corroborate").join("corpus.db"))
}
