//! `POST /api/v1/articles`: articles in as JSON, JSON Lines, HTML, plain text, uploaded files
//! or URLs to fetch; each goes through the same readers as files on disk, then
//! [`corroborate_engine::Engine::add_documents`] on the one writer connection.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, StatusCode};
use axum::Json;
use corroborate_core::Document;
use corroborate_engine::{AddOptions, AddReport, Outcome};
use corroborate_ingest::{read_bytes, read_page};
use corroborate_watch::{FetchOptions, Fetched, Fetcher, Validators};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{lock, AppState, Problem};

/// Metadata for a body that is one article (HTML or plain text).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AddQuery {
    pub id: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD` or an RFC 3339 timestamp.
    pub published: Option<String>,
}

/// One article as JSON: `text` or `html`, or only a `url` to fetch.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
pub(crate) struct ArticleInput {
    pub id: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AddedView {
    pub id: String,
    pub story: Option<String>,
    /// `new`, `revision` or `duplicate`.
    pub outcome: String,
    /// For a revision, the article it revises; for a duplicate, the stored article.
    pub of: Option<String>,
    pub source: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FailureView {
    pub source: String,
    pub reason: String,
}

impl FailureView {
    /// `source: reason`, without the source twice when the reason starts with it.
    pub(crate) fn describe(&self) -> String {
        if self.reason.starts_with(&self.source) {
            self.reason.clone()
        } else {
            format!("{}: {}", self.source, self.reason)
        }
    }
}

/// All failures on one line.
pub(crate) fn describe_all(failures: &[FailureView]) -> String {
    failures
        .iter()
        .map(FailureView::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AddResult {
    pub added: Vec<AddedView>,
    /// Inputs that gave no article, each with why; the others were still added.
    pub failures: Vec<FailureView>,
    pub new_stories: Vec<String>,
    pub updated_stories: Vec<String>,
    /// `[from, into]` pairs.
    pub merged: Vec<(String, String)>,
}

/// The most articles one request may carry.
const MAX_ARTICLES: usize = 10_000;

/// Reads one uploaded or posted body as the readers read a file named `name`.
fn read_named(
    name: &str,
    bytes: Vec<u8>,
    docs: &mut Vec<Document>,
    failures: &mut Vec<FailureView>,
) {
    for result in read_bytes(name, bytes) {
        match result {
            Ok(doc) => docs.push(doc),
            Err(error) => failures.push(FailureView {
                source: name.to_string(),
                reason: error.to_string(),
            }),
        }
    }
}

/// Fetches `url` and reads it as one article.
fn fetch(url: &str) -> Result<Document, String> {
    let options = FetchOptions {
        tries: 1,
        timeout: std::time::Duration::from_secs(20),
        ..FetchOptions::default()
    };
    let mut fetcher = Fetcher::new(options).map_err(|error| error.to_string())?;
    match fetcher.get(url, &Validators::default()) {
        Ok(Fetched::Body(page)) => read_page(&page.url, page.content_type.as_deref(), page.bytes)
            .map_err(|error| error.to_string()),
        Ok(Fetched::NotModified) => Err(format!("{url}: not modified")),
        Err(error) => Err(error.to_string()),
    }
}

/// Applies the fields given in `input` over what the reader found.
fn apply_meta(doc: &mut Document, input: &ArticleInput) {
    let set = |slot: &mut Option<String>, value: &Option<String>| {
        if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            *slot = Some(value.to_string());
        }
    };
    if let Some(id) = input.id.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        doc.id = id.to_string();
    }
    set(&mut doc.meta.outlet, &input.outlet);
    set(&mut doc.meta.url, &input.url);
    set(&mut doc.meta.title, &input.title);
    set(&mut doc.meta.published, &input.published);
}

/// The articles of one JSON article object.
pub(crate) fn from_input(
    input: ArticleInput,
    docs: &mut Vec<Document>,
    failures: &mut Vec<FailureView>,
) {
    let has_body = input.text.as_deref().is_some_and(|t| !t.trim().is_empty())
        || input.html.as_deref().is_some_and(|t| !t.trim().is_empty());
    let name = input
        .id
        .clone()
        .filter(|id| !id.trim().is_empty())
        .unwrap_or_else(|| "submitted".to_string());
    if has_body {
        let (file, bytes) = match (&input.html, &input.text) {
            (Some(html), _) if !html.trim().is_empty() => (format!("{name}.html"), html.clone()),
            (_, Some(text)) => (format!("{name}.txt"), text.clone()),
            _ => (format!("{name}.txt"), String::new()),
        };
        let start = docs.len();
        read_named(&file, bytes.into_bytes(), docs, failures);
        for doc in &mut docs[start..] {
            apply_meta(doc, &input);
        }
    } else if let Some(url) = input.url.as_deref().filter(|u| !u.trim().is_empty()) {
        match fetch(url.trim()) {
            Ok(mut doc) => {
                apply_meta(&mut doc, &ArticleInput { url: None, ..input });
                docs.push(doc);
            }
            Err(reason) => failures.push(FailureView {
                source: url.to_string(),
                reason,
            }),
        }
    } else {
        failures.push(FailureView {
            source: name,
            reason: "an article needs `text`, `html` or `url`".to_string(),
        });
    }
}

fn json_inputs(
    bytes: &[u8],
    docs: &mut Vec<Document>,
    failures: &mut Vec<FailureView>,
) -> Result<(), Problem> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|error| Problem::bad_request(format!("the body is not JSON: {error}")))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        object @ serde_json::Value::Object(_) => vec![object],
        _ => {
            return Err(Problem::bad_request(
                "the body must be an article object or an array of them",
            ))
        }
    };
    if items.len() > MAX_ARTICLES {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_ARTICLES} articles per request"),
        ));
    }
    for (index, item) in items.into_iter().enumerate() {
        match serde_json::from_value::<ArticleInput>(item) {
            Ok(input) => from_input(input, docs, failures),
            Err(error) => failures.push(FailureView {
                source: format!("request#{}", index + 1),
                reason: format!("not an article object: {error}"),
            }),
        }
    }
    Ok(())
}

/// Reads the request into documents by its content type.
pub(crate) async fn read_request(
    request: Request,
) -> Result<(Vec<Document>, Vec<FailureView>, Option<String>), Problem> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let query: AddQuery = serde_urlencoded_query(request.uri().query().unwrap_or(""))?;
    let mut docs = Vec::new();
    let mut failures = Vec::new();
    if content_type == "multipart/form-data" {
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|error| Problem::bad_request(error.body_text()))?;
        let mut form = ArticleInput::default();
        let mut token = None;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|error| Problem::new(error.status(), error.body_text()))?
        {
            let name = field.name().unwrap_or("").to_string();
            let file_name = field.file_name().map(str::to_string);
            let bytes = field
                .bytes()
                .await
                .map_err(|error| Problem::new(error.status(), error.body_text()))?;
            match file_name {
                Some(file) if !bytes.is_empty() => {
                    let file = file
                        .rsplit(['/', '\\'])
                        .next()
                        .unwrap_or("upload")
                        .to_string();
                    read_named(&file, bytes.to_vec(), &mut docs, &mut failures);
                }
                Some(_) => {}
                None => {
                    let value = String::from_utf8_lossy(&bytes).into_owned();
                    let slot = match name.as_str() {
                        "token" => &mut token,
                        "id" => &mut form.id,
                        "text" => &mut form.text,
                        "html" => &mut form.html,
                        "url" => &mut form.url,
                        "outlet" => &mut form.outlet,
                        "title" => &mut form.title,
                        "published" => &mut form.published,
                        _ => continue,
                    };
                    *slot = Some(value);
                }
            }
        }
        let given = [&form.text, &form.html, &form.url]
            .iter()
            .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()));
        if given {
            let (more, more_failures) = blocking(move || {
                let (mut docs, mut failures) = (Vec::new(), Vec::new());
                from_input(form, &mut docs, &mut failures);
                Ok((docs, failures))
            })
            .await?;
            docs.extend(more);
            failures.extend(more_failures);
        } else if docs.is_empty() && failures.is_empty() {
            return Err(Problem::bad_request(
                "the form has no file, `text`, `html` or `url`",
            ));
        }
        return Ok((docs, failures, token));
    }
    let bytes = Bytes::from_request(request, &())
        .await
        .map_err(|error| Problem::new(error.status(), error.body_text()))?;
    if bytes.is_empty() {
        return Err(Problem::bad_request("the body is empty"));
    }
    let single = ArticleInput {
        id: query.id.clone(),
        url: query.url.clone(),
        outlet: query.outlet.clone(),
        title: query.title.clone(),
        published: query.published.clone(),
        ..ArticleInput::default()
    };
    let stem = query.id.clone().unwrap_or_else(|| "submitted".to_string());
    match content_type.as_str() {
        "application/json" => {
            (docs, failures) = blocking(move || {
                let (mut docs, mut failures) = (Vec::new(), Vec::new());
                json_inputs(&bytes, &mut docs, &mut failures)?;
                Ok((docs, failures))
            })
            .await?;
        }
        "application/x-ndjson" | "application/jsonl" | "application/jsonlines" => {
            read_named("request.jsonl", bytes.to_vec(), &mut docs, &mut failures)
        }
        _ => {
            let extension = match content_type.as_str() {
                "text/html" | "application/xhtml+xml" => "html",
                "text/markdown" => "md",
                "text/plain" => "txt",
                _ => "",
            };
            let name = if extension.is_empty() {
                stem
            } else {
                format!("{stem}.{extension}")
            };
            let start = docs.len();
            read_named(&name, bytes.to_vec(), &mut docs, &mut failures);
            if docs.len() - start == 1 {
                apply_meta(&mut docs[start], &single);
            }
        }
    }
    Ok((docs, failures, None))
}

/// Runs `f` (reading, or fetching a URL with the blocking client) on the blocking pool.
async fn blocking<T, F>(f: F) -> Result<T, Problem>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, Problem> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|error| Problem::internal(format!("the request failed: {error}")))?
}

fn serde_urlencoded_query(query: &str) -> Result<AddQuery, Problem> {
    axum::extract::Query::<AddQuery>::try_from_uri(
        &format!("/?{query}")
            .parse()
            .map_err(|_| Problem::bad_request("bad query string"))?,
    )
    .map(|q| q.0)
    .map_err(Problem::from)
}

/// Adds `docs` on the writer connection and forgets the cached list (event subscribers hear
/// of the changed stories from [`crate::changes`]).
pub(crate) async fn add_documents(
    state: &Arc<AppState>,
    docs: Vec<Document>,
    mut failures: Vec<FailureView>,
) -> Result<AddResult, Problem> {
    if docs.len() > MAX_ARTICLES {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_ARTICLES} articles per request"),
        ));
    }
    let state2 = state.clone();
    let report: AddReport = tokio::task::spawn_blocking(move || {
        let mut store = lock(&state2.writer);
        let report =
            state2
                .engine
                .add_documents(store.as_mut(), docs, &AddOptions::default(), &|_| {});
        state2.invalidate();
        report
    })
    .await
    .map_err(|error| Problem::internal(format!("the request failed: {error}")))?
    .map_err(|error| Problem::new(StatusCode::CONFLICT, error.to_string()))?;
    failures.extend(report.failures.iter().map(|failure| FailureView {
        source: failure.path.clone(),
        reason: failure.reason.clone(),
    }));
    Ok(AddResult {
        added: report
            .added
            .iter()
            .map(|added| {
                let (outcome, of) = match &added.outcome {
                    Outcome::New => ("new", None),
                    Outcome::Revision { previous } => ("revision", Some(previous.clone())),
                    Outcome::Duplicate { of } => ("duplicate", Some(of.clone())),
                };
                AddedView {
                    id: added.id.clone(),
                    story: added.story.clone(),
                    outcome: outcome.to_string(),
                    of,
                    source: added.path.clone(),
                }
            })
            .collect(),
        failures,
        new_stories: report.new_stories,
        updated_stories: report.updated_stories,
        merged: report.merged,
    })
}

/// Adds articles: a JSON article object or array (`text`, `html` or only `url` to fetch),
/// JSON Lines (`application/x-ndjson`), one HTML or plain-text article (metadata in the query),
/// or a `multipart/form-data` upload of files (any format the readers know) and form fields.
/// Inputs that fail are listed in `failures`; the rest are still added.
#[utoipa::path(post, path = "/api/v1/articles", params(AddQuery),
    request_body(content = ArticleInput, description = "also: an array of these, JSON Lines, text/html, text/plain, multipart/form-data"),
    responses((status = 200, body = AddResult), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 413, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub(crate) async fn add_articles(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> Result<Json<AddResult>, Problem> {
    let (docs, failures, _) = read_request(request).await?;
    if docs.is_empty() {
        let detail = if failures.is_empty() {
            "the request holds no article".to_string()
        } else {
            format!("no article could be read: {}", describe_all(&failures))
        };
        return Err(Problem::new(StatusCode::UNPROCESSABLE_ENTITY, detail));
    }
    Ok(Json(add_documents(&state, docs, failures).await?))
}
