//! The REST API under `/api/v1`.

pub(crate) mod ingest;

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use corroborate_core::{Analysis, Document};
use corroborate_store::{SentenceHit, Store, TextHit};
use corroborate_synth::{report_json, RenderOptions};
use futures_util::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use tokio_stream::wrappers::BroadcastStream;
use utoipa::{IntoParams, ToSchema};

use crate::catalog::{cached_render, catalog, generation, keep_render, StoryItem};
use crate::{read, AppState, Problem};

pub(crate) use self::ingest::{add_documents, AddResult};

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/stories", get(list_stories))
        .route("/stories/{id}", get(get_story))
        .route("/stories/{id}/claims", get(get_claims))
        .route("/articles", post(ingest::add_articles))
        .route("/articles/{id}", get(get_article))
        .route("/search", get(search))
        .route("/compare", post(compare))
        .route("/events", get(events))
}

/// Unknown paths: a 404 problem.
pub(crate) async fn not_found(uri: axum::http::Uri) -> Problem {
    Problem::not_found(format!("no such resource: {}", uri.path()))
}

/// The options every report is rendered with, so the API's JSON equals `corroborate story ID
/// --format json` (given the same `--outlets` table).
pub(crate) fn render_options(state: &AppState) -> RenderOptions {
    RenderOptions {
        outlets: state.config.outlets.clone(),
        ..RenderOptions::default()
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    status: String,
    articles: usize,
    stories: usize,
    encoder: String,
}

/// Whether the server is up, with the corpus's size.
#[utoipa::path(get, path = "/api/v1/health", responses((status = 200, body = Health)))]
pub(crate) async fn health(State(state): State<Arc<AppState>>) -> Result<Json<Health>, Problem> {
    let health = read(&state, |state, store| {
        Ok(Health {
            status: "ok".to_string(),
            articles: store.article_count()?,
            stories: catalog(state, store)?.stories.len(),
            encoder: state.engine.encoder().name().to_string(),
        })
    })
    .await?;
    Ok(Json(health))
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::openapi_json(),
    )
        .into_response()
}

/// Filters of the story list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct StoryQuery {
    /// Only stories active on or after this day (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Only stories with an article from this outlet (name or host, case-insensitive).
    pub outlet: Option<String>,
    /// Only stories with an article matching this full-text query.
    pub q: Option<String>,
    /// Only stories with at least this many distinct outlets.
    pub min_sources: Option<usize>,
    /// Only blindspot stories (covered by outlets of one group alone; needs `serve --outlets`):
    /// `true` for any group, `KEY` for one label key, `KEY:VALUE` for one group.
    pub blindspot: Option<String>,
    /// Stories to skip (pagination).
    pub offset: Option<usize>,
    /// Stories to return, at most (default 50, at most 500).
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StoryList {
    /// Stories matching the filters, all pages together.
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub stories: Vec<StoryItem>,
}

/// The stories that match `query`, newest activity first.
pub(crate) fn filter_stories(
    state: &AppState,
    store: &dyn Store,
    query: &StoryQuery,
) -> Result<StoryList, Problem> {
    let catalog = catalog(state, store)?;
    let matching: Option<HashSet<String>> = match query.q.as_deref().map(str::trim) {
        Some(q) if !q.is_empty() => Some(
            store
                .search_text(q, 1000)?
                .into_iter()
                .filter_map(|hit| hit.story)
                .collect(),
        ),
        _ => None,
    };
    let outlet = query
        .outlet
        .as_deref()
        .map(|o| o.trim().to_lowercase())
        .filter(|o| !o.is_empty());
    let since = query
        .since
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let min_sources = query.min_sources.unwrap_or(0);
    let blindspot = query
        .blindspot
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty() && *b != "false");
    let selected: Vec<&StoryItem> = catalog
        .stories
        .iter()
        .filter(|story| story.outlets >= min_sources)
        .filter(|story| since.is_none_or(|since| story.activity.as_str() >= since))
        .filter(|story| matching.as_ref().is_none_or(|set| set.contains(&story.id)))
        .filter(|story| blindspot.is_none_or(|wanted| is_blindspot(story, wanted)))
        .filter(|story| {
            outlet.as_ref().is_none_or(|wanted| {
                story
                    .outlet_articles
                    .iter()
                    .any(|o| o.outlet.to_lowercase() == *wanted)
            })
        })
        .collect();
    let offset = query.offset.unwrap_or(0);
    let limit = query.limit.unwrap_or(50).clamp(1, 500);
    Ok(StoryList {
        total: selected.len(),
        offset,
        limit,
        stories: selected
            .into_iter()
            .skip(offset)
            .take(limit)
            .cloned()
            .collect(),
    })
}

/// Whether `story` is a blindspot story of `wanted` (`true`, `KEY` or `KEY:VALUE`).
fn is_blindspot(story: &StoryItem, wanted: &str) -> bool {
    story
        .blindspots
        .iter()
        .any(|spot| match wanted.split_once(':') {
            _ if wanted == "true" || wanted == "1" => true,
            Some((key, value)) => {
                spot.key.eq_ignore_ascii_case(key.trim())
                    && spot.value.eq_ignore_ascii_case(value.trim())
            }
            None => spot.key.eq_ignore_ascii_case(wanted),
        })
}

/// Lists stories, newest activity first.
#[utoipa::path(get, path = "/api/v1/stories", params(StoryQuery),
    responses((status = 200, body = StoryList), (status = 400, body = Problem)))]
pub(crate) async fn list_stories(
    State(state): State<Arc<AppState>>,
    query: Result<Query<StoryQuery>, QueryRejection>,
) -> Result<Json<StoryList>, Problem> {
    let Query(query) = query?;
    Ok(Json(
        read(&state, move |state, store| {
            filter_stories(state, store, &query)
        })
        .await?,
    ))
}

/// The analysis of one stored story, or a 404 problem.
pub(crate) fn story_or_404(store: &dyn Store, id: &str) -> Result<Analysis, Problem> {
    corroborate_store::story_analysis(store, id)?
        .ok_or_else(|| Problem::not_found(format!("no story {id}")))
}

/// One story in the `corroborate.report/1` contract, as `corroborate story ID --format json`.
#[utoipa::path(get, path = "/api/v1/stories/{id}", params(("id" = String, Path, description = "story id")),
    responses((status = 200, description = "a corroborate.report/1 document", body = Object),
        (status = 404, body = Problem)))]
pub(crate) async fn get_story(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let body = match cached_render(&state, &id, "json") {
        Some(hit) => hit,
        None => {
            read(&state, move |state, store| {
                let generation = generation(state);
                let analysis = story_or_404(store, &id)?;
                let body: Arc<str> = corroborate_synth::render(
                    &analysis,
                    corroborate_synth::Format::Json,
                    &render_options(state),
                )
                .into();
                keep_render(state, generation, &id, "json", &body);
                Ok(body)
            })
            .await?
        }
    };
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response())
}

/// The claims of one story (the `claims` of its report).
#[utoipa::path(get, path = "/api/v1/stories/{id}/claims", params(("id" = String, Path, description = "story id")),
    responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub(crate) async fn get_claims(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, Problem> {
    let value = read(&state, move |state, store| {
        let analysis = story_or_404(store, &id)?;
        let report = report_json(&analysis, &render_options(state));
        let story = &report["stories"][0];
        Ok(serde_json::json!({
            "story": story["id"],
            "claims": story["claims"],
        }))
    })
    .await?;
    Ok(Json(value))
}

/// An article as the report shows it (text, sentences, dropped spans), with its story and its
/// annotation layers (entities, quotes, figures, dates) as byte spans into `text`.
pub(crate) fn article_json(doc: &Document, story: Option<String>) -> serde_json::Value {
    let analysis = Analysis {
        documents: vec![doc.clone()],
        ..Analysis::default()
    };
    let report = report_json(&analysis, &RenderOptions::default());
    let mut article = report["articles"][0].clone();
    article["story"] = serde_json::json!(story);
    let layers = &doc.layers;
    article["entities"] = serde_json::to_value(&layers.entities).unwrap_or_default();
    article["quotes"] = serde_json::to_value(&layers.quotes).unwrap_or_default();
    article["figures"] = serde_json::to_value(&layers.figures).unwrap_or_default();
    article["dates"] = serde_json::to_value(&layers.dates).unwrap_or_default();
    article
}

/// Loads one stored article, or a 404 problem.
pub(crate) fn article_or_404(
    store: &dyn Store,
    id: &str,
) -> Result<(Document, Option<String>), Problem> {
    let doc = store
        .documents(&[id.to_string()])?
        .into_iter()
        .next()
        .ok_or_else(|| Problem::not_found(format!("no article {id}")))?;
    let story = store.story_of(id)?;
    Ok((doc, story))
}

/// One article: text, sentences, dropped spans and annotations.
#[utoipa::path(get, path = "/api/v1/articles/{id}", params(("id" = String, Path, description = "article id")),
    responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub(crate) async fn get_article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, Problem> {
    let value = read(&state, move |_, store| {
        let (doc, story) = article_or_404(store, &id)?;
        Ok(article_json(&doc, story))
    })
    .await?;
    Ok(Json(value))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchQuery {
    /// Words to find (full text, BM25), or a sentence (with `semantic=true`).
    pub q: String,
    /// Nearest sentences by vector instead of full text.
    pub semantic: Option<bool>,
    /// Hits to return, at most (default 20, at most 200).
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchResult {
    pub query: String,
    pub semantic: bool,
    pub text_hits: Vec<TextHitView>,
    pub sentence_hits: Vec<SentenceHitView>,
}

/// A full-text match (the matched words are in `[` `]` in the snippet).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TextHitView {
    pub article: String,
    pub story: Option<String>,
    pub title: Option<String>,
    pub snippet: String,
    pub rank: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SentenceHitView {
    pub article: String,
    pub story: Option<String>,
    pub sentence: usize,
    pub text: String,
    pub similarity: f32,
}

impl From<TextHit> for TextHitView {
    fn from(hit: TextHit) -> TextHitView {
        TextHitView {
            article: hit.article,
            story: hit.story,
            title: hit.title,
            snippet: hit.snippet,
            rank: if hit.rank.is_finite() { hit.rank } else { 0.0 },
        }
    }
}

impl From<SentenceHit> for SentenceHitView {
    fn from(hit: SentenceHit) -> SentenceHitView {
        SentenceHitView {
            article: hit.article,
            story: hit.story,
            sentence: hit.sentence,
            text: hit.text,
            similarity: if hit.similarity.is_finite() {
                hit.similarity
            } else {
                0.0
            },
        }
    }
}

pub(crate) fn run_search(
    state: &AppState,
    store: &dyn Store,
    query: &SearchQuery,
) -> Result<SearchResult, Problem> {
    let limit = query.limit.unwrap_or(20).clamp(1, 200);
    let semantic = query.semantic.unwrap_or(false);
    let q = query.q.trim();
    let mut result = SearchResult {
        query: q.to_string(),
        semantic,
        text_hits: Vec::new(),
        sentence_hits: Vec::new(),
    };
    if q.is_empty() {
        return Ok(result);
    }
    if semantic {
        let encoder = state.engine.encoder();
        if let Some(corpus) = store.encoder()? {
            if corpus != encoder.name() {
                return Err(Problem::new(
                    StatusCode::CONFLICT,
                    format!(
                        "the corpus's vectors come from {corpus}, the server has {}",
                        encoder.name()
                    ),
                ));
            }
        }
        let vectors = encoder
            .encode(&[q])
            .map_err(|error| Problem::internal(format!("encoder: {error}")))?;
        if let Some(vector) = vectors.first() {
            result.sentence_hits = store
                .nearest_sentences(vector, limit)?
                .into_iter()
                .map(SentenceHitView::from)
                .collect();
        }
    } else {
        result.text_hits = store
            .search_text(q, limit)?
            .into_iter()
            .map(TextHitView::from)
            .collect();
    }
    Ok(result)
}

/// Full-text or semantic search over the corpus's articles and sentences.
#[utoipa::path(get, path = "/api/v1/search", params(SearchQuery),
    responses((status = 200, body = SearchResult), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub(crate) async fn search(
    State(state): State<Arc<AppState>>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<SearchResult>, Problem> {
    let Query(query) = query?;
    Ok(Json(
        read(&state, move |state, store| run_search(state, store, &query)).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CompareRequest {
    pub a: String,
    pub b: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CompareResult {
    pub same_claim: bool,
    /// Calibrated probability that both state the same claim.
    pub score: f64,
    /// Why: each reason for (`supports`) or against.
    #[schema(value_type = Vec<Object>)]
    pub reasons: serde_json::Value,
    pub encoder: String,
}

/// Whether two sentences state the same claim, how likely, and why.
#[utoipa::path(post, path = "/api/v1/compare", request_body = CompareRequest,
    responses((status = 200, body = CompareResult), (status = 400, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn compare(
    State(state): State<Arc<AppState>>,
    body: Result<Json<CompareRequest>, JsonRejection>,
) -> Result<Json<CompareResult>, Problem> {
    let Json(request) = body?;
    const MAX: usize = 20_000;
    if request.a.len() > MAX || request.b.len() > MAX {
        return Err(Problem::bad_request(format!(
            "each sentence may have at most {MAX} bytes"
        )));
    }
    let engine = state.engine.clone();
    let result = tokio::task::spawn_blocking(move || {
        let judged = engine
            .judge_pairs(&[(request.a.as_str(), request.b.as_str())])
            .map_err(|error| Problem::internal(format!("encoder: {error}")))?;
        let (_, judgement) = judged
            .into_iter()
            .next()
            .ok_or_else(|| Problem::internal("no judgement"))?;
        let score = f64::from(judgement.score);
        Ok::<_, Problem>(CompareResult {
            same_claim: judgement.same_claim,
            score: if score.is_finite() {
                (score * 10_000.0).round() / 10_000.0
            } else {
                0.0
            },
            reasons: serde_json::to_value(&judgement.reasons).unwrap_or_default(),
            encoder: engine.encoder().name().to_string(),
        })
    })
    .await
    .map_err(|error| Problem::internal(format!("the request failed: {error}")))??;
    Ok(Json(result))
}

/// Server-sent events: one `story` event (JSON [`crate::StoryEvent`]) per new, updated or
/// merged story.
#[utoipa::path(get, path = "/api/v1/events",
    responses((status = 200, description = "text/event-stream of story events", content_type = "text/event-stream", body = String)))]
pub(crate) async fn events(
    State(state): State<Arc<AppState>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut closing = state.closing.subscribe();
    let stream = BroadcastStream::new(state.events.subscribe())
        .filter_map(|message| async move {
            let event = message.ok()?;
            let data = serde_json::to_string(&event).ok()?;
            Some(Ok(Event::default().event("story").data(data)))
        })
        .take_until(async move {
            let _ = closing.wait_for(|closing| *closing).await;
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
