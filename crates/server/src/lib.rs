//! corroborate-server: the living corpus over HTTP.
//!
//! One binary serves a REST API under `/api/v1` (described by the OpenAPI document at
//! `/api/v1/openapi.json`, generated from the handlers with utoipa), server-sent events for new
//! and updated stories at `/api/v1/events`, and a web UI (story river, story pages with cited
//! briefs, article pages that highlight a cited span, search, an add form) whose assets are
//! compiled into the binary: no CDN, works offline.
//!
//! The async runtime only moves bytes: every store read and every article added runs on the
//! blocking pool ([`tokio::task::spawn_blocking`]). Reads use a small pool of SQLite
//! connections (WAL mode lets them read while the one writer commits); writes go through one
//! connection behind a lock, so articles are added in the order they arrive.

mod api;
mod catalog;
mod changes;
mod guard;
mod openapi;
mod problem;
mod ui;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use axum::Router;
use corroborate_engine::Engine;
use corroborate_store::{is_postgres_url, PostgresStore, SqliteStore, Store, StoreError};
use corroborate_synth::outlets::OutletTable;
use tokio::sync::broadcast;

pub use crate::openapi::openapi_json;
pub use crate::problem::Problem;

use crate::catalog::CatalogCache;
use crate::guard::RateLimiter;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The corpus file (created when missing unless `read_only`).
    pub db: PathBuf,
    /// Required as `Authorization: Bearer TOKEN` (or the add form's token field) on every write.
    pub token: Option<String>,
    /// Refuse every write.
    pub read_only: bool,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Requests per second allowed per client address (a burst of twice that); `None` = no limit.
    pub rate_limit: Option<u32>,
    /// SQLite connections for reads.
    pub readers: usize,
    /// Outlet groups (`--outlets FILE`): coverage by group and blindspots in lists and reports.
    pub outlets: Option<Arc<OutletTable>>,
    /// How often the corpus is checked for commits (this server's, or another process's such
    /// as `corroborate watch`): each change refreshes the story list and sends events.
    pub poll: std::time::Duration,
}

impl ServerConfig {
    pub fn new(db: PathBuf) -> ServerConfig {
        ServerConfig {
            db,
            token: None,
            read_only: false,
            max_body: 32 << 20,
            rate_limit: None,
            readers: 4,
            outlets: None,
            poll: std::time::Duration::from_millis(500),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open the corpus {path}: {source}")]
    Store { path: String, source: StoreError },
    #[error("no corpus at {0}: add articles first, or serve without --read-only")]
    Missing(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A change to the story list, sent to `/api/v1/events` subscribers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct StoryEvent {
    /// `new`, `updated` or `merged`.
    pub change: String,
    pub story: String,
    /// For `merged`: the story it was merged into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub into: Option<String>,
}

/// What every handler shares.
pub struct AppState {
    config: ServerConfig,
    engine: Arc<Engine>,
    writer: Mutex<Box<dyn Store + Send>>,
    readers: Vec<Mutex<Box<dyn Store + Send>>>,
    /// Only asks whether anyone committed.
    watcher: Mutex<Probe>,
    next_reader: AtomicUsize,
    events: broadcast::Sender<StoryEvent>,
    catalog: RwLock<CatalogCache>,
    limiter: Option<RateLimiter>,
    /// Set when the server stops, so event streams end and shutdown does not wait on them.
    closing: tokio::sync::watch::Sender<bool>,
}

/// A connection that says whether the corpus changed since it last asked: SQLite's
/// `PRAGMA data_version`, PostgreSQL's commit counter.
pub(crate) enum Probe {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Probe {
    pub(crate) fn token(&self) -> Option<String> {
        match self {
            Probe::Sqlite(store) => store.data_version().ok().map(|v| v.to_string()),
            Probe::Postgres(store) => store.change_token().ok(),
        }
    }
}

fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while a connection was held leaves SQLite consistent (transactions roll back).
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// Opens the corpus (one writer, `config.readers` readers) for `engine`.
    pub fn open(config: ServerConfig, engine: Arc<Engine>) -> Result<Arc<AppState>, ServerError> {
        let path = config.db.display().to_string();
        let postgres = config.db.to_str().is_some_and(is_postgres_url);
        if config.read_only && !postgres && !config.db.exists() {
            return Err(ServerError::Missing(path));
        }
        let store_error = |source| ServerError::Store {
            path: path.clone(),
            source,
        };
        let open = || -> Result<Box<dyn Store + Send>, ServerError> {
            if postgres {
                Ok(Box::new(
                    PostgresStore::connect(&path).map_err(store_error)?,
                ))
            } else {
                Ok(Box::new(
                    SqliteStore::open(&config.db).map_err(store_error)?,
                ))
            }
        };
        let writer = Mutex::new(open()?);
        let watcher = Mutex::new(if postgres {
            Probe::Postgres(PostgresStore::connect(&path).map_err(store_error)?)
        } else {
            Probe::Sqlite(SqliteStore::open(&config.db).map_err(store_error)?)
        });
        let readers = (0..config.readers.max(1))
            .map(|_| open().map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        let (events, _) = broadcast::channel(256);
        let limiter = config.rate_limit.map(RateLimiter::new);
        Ok(Arc::new(AppState {
            config,
            engine,
            writer,
            readers,
            watcher,
            next_reader: AtomicUsize::new(0),
            events,
            catalog: RwLock::new(CatalogCache::default()),
            limiter,
            closing: tokio::sync::watch::Sender::new(false),
        }))
    }

    /// A reader connection (round robin).
    fn reader(&self) -> MutexGuard<'_, Box<dyn Store + Send>> {
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        let n = self.readers.len();
        for i in 0..n {
            if let Ok(guard) = self.readers[(start + i) % n].try_lock() {
                return guard;
            }
        }
        lock(&self.readers[start % n])
    }

    /// Forgets the cached story list and rendered stories after a write.
    fn invalidate(&self) {
        if let Ok(mut cache) = self.catalog.write() {
            cache.generation += 1;
            cache.built = None;
            cache.renders.clear();
        }
    }
}

/// Runs `f` with a reader connection on the blocking pool.
pub(crate) async fn read<T, F>(state: &Arc<AppState>, f: F) -> Result<T, Problem>
where
    T: Send + 'static,
    F: FnOnce(&AppState, &dyn Store) -> Result<T, Problem> + Send + 'static,
{
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let store = state.reader();
        f(&state, store.as_ref())
    })
    .await
    .map_err(|error| Problem::internal(format!("the request failed: {error}")))?
}

/// The whole application: API, events, UI.
pub fn router(state: Arc<AppState>) -> Router {
    let max_body = state.config.max_body;
    Router::new()
        .nest("/api/v1", api::routes())
        .merge(ui::routes())
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max_body))
        .layer(axum::middleware::from_fn(guard::problems))
        .with_state(state)
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let closing = state.closing.clone();
    tokio::spawn(changes::follow(state.clone()));
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            closing.send_replace(true);
        })
        .await?;
    Ok(())
}
