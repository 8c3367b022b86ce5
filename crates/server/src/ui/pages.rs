//! The pages.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use corroborate_core::Span;
use corroborate_synth::{percent_encode, render, Format, RenderOptions};
use serde::Deserialize;

use crate::api::ingest::describe_all;
use crate::api::{
    add_documents, article_or_404, filter_stories, render_options, run_search, story_or_404,
    SearchQuery, StoryQuery,
};
use crate::catalog::{cached_render, generation, keep_render, outlet_name, StoryItem};
use crate::ui::{esc, html_page, page_response};
use crate::{read, AppState, Problem};

/// A problem shown as a page.
fn error_page(problem: Problem) -> Response {
    let status = problem.status();
    let body = format!(
        r#"<h1>{}</h1><p role="alert">{}</p><p><a href="/">Back to the stories</a></p>"#,
        esc(&problem.title),
        esc(&problem.detail)
    );
    (status, html_page(&problem.title, "", &body)).into_response()
}

const PALETTE: [&str; 8] = [
    "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#4e342e", "#546e7a",
];

/// The coverage bars of a story: with an outlet table, one per label key, a segment per group
/// as wide as its outlets; without, one segment per outlet as wide as its articles.
fn coverage_bar(story: &StoryItem) -> String {
    if story.outlet_groups.is_empty() {
        return outlet_bar(story);
    }
    let mut out = String::new();
    for label in &story.outlet_groups {
        let mut parts: Vec<String> = label
            .values
            .iter()
            .map(|v| format!("{} {}", v.value, v.outlets.len()))
            .collect();
        if !label.unlabelled.is_empty() {
            parts.push(format!("unlabelled {}", label.unlabelled.len()));
        }
        if !label.missing.is_empty() {
            parts.push(format!("none from {}", label.missing.join(", ")));
        }
        let _ = write!(
            out,
            r#"<div class="group"><span class="key">{}</span><div class="bar" role="img" aria-label="{}">"#,
            esc(&label.key),
            esc(&format!("{}: {}", label.key, parts.join(", ")))
        );
        for (index, value) in label.values.iter().enumerate() {
            let _ = write!(
                out,
                r#"<span style="flex:{};background:{}" title="{}"></span>"#,
                value.outlets.len(),
                PALETTE[index % PALETTE.len()],
                esc(&format!("{}: {}", value.value, value.outlets.join(", ")))
            );
        }
        if !label.unlabelled.is_empty() {
            let _ = write!(
                out,
                r#"<span style="flex:{};background:#cfd8dc" title="{}"></span>"#,
                label.unlabelled.len(),
                esc(&format!("unlabelled: {}", label.unlabelled.join(", ")))
            );
        }
        let _ = write!(
            out,
            r#"</div><span class="legend">{}</span></div>"#,
            esc(&parts.join(" · "))
        );
    }
    for spot in &story.blindspots {
        let _ = write!(
            out,
            r#"<p class="blindspot">Blindspot: only {} outlets ({}) cover this story</p>"#,
            esc(&spot.value),
            esc(&spot.key)
        );
    }
    out
}

/// One segment per outlet, as wide as its articles.
fn outlet_bar(story: &StoryItem) -> String {
    let label: Vec<String> = story
        .outlet_articles
        .iter()
        .map(|o| format!("{} {}", o.outlet, o.articles))
        .collect();
    let mut out = format!(
        r#"<div class="bar" role="img" aria-label="{}">"#,
        esc(&format!("coverage by outlet: {}", label.join(", ")))
    );
    for (index, outlet) in story.outlet_articles.iter().enumerate() {
        let _ = write!(
            out,
            r#"<span style="flex:{};background:{}" title="{}"></span>"#,
            outlet.articles,
            PALETTE[index % PALETTE.len()],
            esc(&format!("{}: {} articles", outlet.outlet, outlet.articles))
        );
    }
    out.push_str("</div>");
    out
}

fn day(text: &str) -> &str {
    text.get(..10).unwrap_or(text)
}

/// The `<ol>` of stories (also sent alone for live updates).
fn river_list(stories: &[StoryItem]) -> String {
    if stories.is_empty() {
        return r#"<p id="river" class="empty">No stories yet. <a href="/add">Add an article</a> or run <code>corroborate add</code>.</p>"#.to_string();
    }
    let mut out = String::from(r#"<ol id="river" class="river">"#);
    for story in stories {
        let span = match story.first_published.as_deref() {
            Some(first) if first != day(&story.activity) => {
                format!("{} – {}", esc(first), esc(day(&story.activity)))
            }
            _ => esc(day(&story.activity)),
        };
        let outlets: Vec<String> = story
            .outlet_articles
            .iter()
            .take(6)
            .map(|o| esc(&o.outlet))
            .collect();
        let more = story.outlet_articles.len().saturating_sub(6);
        let _ = write!(
            out,
            concat!(
                r#"<li class="story" data-story="{id}"><h2><a href="/stories/{href}">{title}</a></h2>"#,
                r#"<p class="meta"><span>{span}</span> · {articles} articles · {outlets} outlets: {names}{more}</p>"#,
                r#"<p class="counts"><span class="ok">{ok} corroborated</span> <span class="bad">{bad} disputed</span> <span class="one">{one} single-source</span></p>{bar}</li>"#
            ),
            id = esc(&story.id),
            href = percent_encode(&story.id),
            title = esc(&story.title),
            span = span,
            articles = story.articles,
            outlets = story.outlets,
            names = outlets.join(", "),
            more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            },
            ok = story.corroborated,
            bad = story.conflicting,
            one = story.single_source,
            bar = coverage_bar(story),
        );
    }
    out.push_str("</ol>");
    out
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct RiverQuery {
    since: Option<String>,
    outlet: Option<String>,
    q: Option<String>,
    min_sources: Option<String>,
    blindspot: Option<String>,
    page: Option<usize>,
    /// Only the list, for live updates.
    partial: Option<String>,
}

const PAGE: usize = 30;

pub(crate) async fn river(
    State(state): State<Arc<AppState>>,
    query: Result<Query<RiverQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return error_page(Problem::bad_request("bad filters"));
    };
    let page = query.page.unwrap_or(1).max(1);
    let filters = StoryQuery {
        since: query.since.clone(),
        outlet: query.outlet.clone(),
        q: query.q.clone(),
        min_sources: query
            .min_sources
            .as_deref()
            .and_then(|m| m.trim().parse().ok()),
        blindspot: query.blindspot.clone(),
        offset: Some((page - 1) * PAGE),
        limit: Some(PAGE),
    };
    let has_table = state.config.outlets.is_some();
    let list = match read(&state, move |state, store| {
        filter_stories(state, store, &filters)
    })
    .await
    {
        Ok(list) => list,
        Err(problem) => return error_page(problem),
    };
    let items = river_list(&list.stories);
    if query.partial.is_some() {
        return page_response(items, super::CSP);
    }
    let value = |v: &Option<String>| esc(v.as_deref().unwrap_or(""));
    let mut body = format!(
        concat!(
            r#"<h1>Stories</h1><form class="filters" method="get" action="/" role="search">"#,
            r#"<label>Words <input type="search" name="q" value="{q}"></label>"#,
            r#"<label>Outlet <input name="outlet" value="{outlet}"></label>"#,
            r#"<label>Since <input type="date" name="since" value="{since}"></label>"#,
            r#"<label>Min. outlets <input type="number" min="0" name="min_sources" value="{min}"></label>"#,
            r#"{blindspot}<button type="submit">Filter</button></form>"#,
            r#"<p class="meta" aria-live="polite"><span id="live">{total} stories</span></p>{items}"#
        ),
        q = value(&query.q),
        outlet = value(&query.outlet),
        since = value(&query.since),
        min = value(&query.min_sources),
        blindspot = if has_table {
            format!(
                r#"<label class="check"><input type="checkbox" name="blindspot" value="true"{}> Blindspots only</label>"#,
                if query.blindspot.is_some() {
                    " checked"
                } else {
                    ""
                }
            )
        } else {
            String::new()
        },
        total = list.total,
        items = items,
    );
    let pages = list.total.div_ceil(PAGE).max(1);
    if pages > 1 {
        let mut params = Vec::new();
        for (key, v) in [
            ("q", &query.q),
            ("outlet", &query.outlet),
            ("since", &query.since),
            ("min_sources", &query.min_sources),
            ("blindspot", &query.blindspot),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                params.push(format!("{key}={}", percent_encode(v)));
            }
        }
        let base = params.join("&");
        body.push_str(r#"<nav class="pages" aria-label="pages">"#);
        if page > 1 {
            let _ = write!(
                body,
                r#"<a href="/?{}&amp;page={}" rel="prev">Newer</a> "#,
                esc(&base),
                page - 1
            );
        }
        let _ = write!(body, "page {page} of {pages}");
        if page < pages {
            let _ = write!(
                body,
                r#" <a href="/?{}&amp;page={}" rel="next">Older</a>"#,
                esc(&base),
                page + 1
            );
        }
        body.push_str("</nav>");
    }
    html_page("Stories", "Stories", &body)
}

/// The story report, its citations linking to article pages.
pub(crate) async fn story(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let html = match cached_render(&state, &id, "html") {
        Some(hit) => Ok(hit),
        None => {
            read(&state, move |state, store| {
                let generation = generation(state);
                let analysis = story_or_404(store, &id)?;
                let options = RenderOptions {
                    article_base: Some("/articles/".to_string()),
                    ..render_options(state)
                };
                let nav = concat!(
                    r#"<nav aria-label="main" style="max-width:1080px;margin:0 auto;padding:12px 20px 0">"#,
                    r#"<a href="/">Stories</a> · <a href="/search">Search</a> · <a href="/add">Add</a></nav>"#
                );
                let html: Arc<str> = render(&analysis, Format::Html, &options)
                    .replacen("<body>", &format!("<body>{nav}"), 1)
                    .into();
                keep_render(state, generation, &id, "html", &html);
                Ok(html)
            })
            .await
        }
    };
    match html {
        Ok(html) => page_response(
                html.to_string(),
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            ),
        Err(problem) => error_page(problem),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ArticleQuery {
    /// `START-END`: the byte range of the text to mark.
    span: Option<String>,
}

/// Parses `START-END` as a span of `text` on character boundaries.
pub(crate) fn parse_span(text: &str, span: &str) -> Option<Span> {
    let (start, end) = span.split_once('-')?;
    let (start, end): (usize, usize) = (start.trim().parse().ok()?, end.trim().parse().ok()?);
    Span::new(text, start, end).ok()
}

/// An article with the cited span marked and scrolled into view.
pub(crate) async fn article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    query: Result<Query<ArticleQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let span = query.ok().and_then(|Query(q)| q.span);
    let loaded = read(&state, move |_, store| article_or_404(store, &id)).await;
    let (doc, story) = match loaded {
        Ok(found) => found,
        Err(problem) => return error_page(problem),
    };
    let meta = &doc.meta;
    let title = meta.title.clone().unwrap_or_else(|| doc.id.clone());
    let mark = match span.as_deref() {
        Some(span) => match parse_span(&doc.text, span) {
            Some(mark) => Some(mark),
            None => {
                return error_page(Problem::bad_request(format!(
                    "the span {span} is not a range of this article's text ({} bytes)",
                    doc.text.len()
                )))
            }
        },
        None => None,
    };
    let mut body = format!(
        r#"<article class="source"><h1>{}</h1><p class="meta">"#,
        esc(&title)
    );
    let mut facts = vec![esc(&outlet_name(
        meta.outlet.as_deref(),
        meta.url.as_deref(),
        &doc.id,
    ))];
    if let Some(published) = &meta.published {
        facts.push(format!("<time>{}</time>", esc(published)));
    }
    if let Some(byline) = &meta.byline {
        facts.push(esc(byline));
    }
    facts.push(format!("<code>{}</code>", esc(&doc.id)));
    body.push_str(&facts.join(" · "));
    if let Some(url) = meta.url.as_deref().filter(|u| {
        let lower = u.trim().to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    }) {
        let _ = write!(
            body,
            r#" · <a href="{}" rel="noopener noreferrer nofollow">original</a>"#,
            esc(url.trim())
        );
    }
    if let Some(story) = &story {
        let _ = write!(
            body,
            r#" · <a href="/stories/{}">its story</a>"#,
            percent_encode(story)
        );
    }
    body.push_str("</p>");
    let text = &doc.text;
    body.push_str(r#"<div class="text">"#);
    match mark {
        Some(mark) => {
            let _ = write!(
                body,
                r#"{}<mark id="cited" tabindex="-1" data-start="{}" data-end="{}">{}</mark>{}"#,
                esc(&text[..mark.start()]),
                mark.start(),
                mark.end(),
                esc(&text[mark.start()..mark.end()]),
                esc(&text[mark.end()..])
            );
        }
        None => body.push_str(&esc(text)),
    }
    body.push_str("</div></article>");
    html_page(&title, "", &body)
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchForm {
    q: Option<String>,
    semantic: Option<String>,
}

pub(crate) async fn search(
    State(state): State<Arc<AppState>>,
    query: Result<Query<SearchForm>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let form = query.map(|Query(q)| q).unwrap_or_default();
    let q = form.q.clone().unwrap_or_default();
    let semantic = form.semantic.is_some();
    let mut body = format!(
        concat!(
            r#"<h1>Search</h1><form method="get" action="/search" role="search">"#,
            r#"<label>Words or a sentence <input type="search" name="q" value="{q}" autofocus></label>"#,
            r#"<label><input type="checkbox" name="semantic" value="1"{checked}> by meaning</label>"#,
            r#"<button type="submit">Search</button></form>"#
        ),
        q = esc(&q),
        checked = if semantic { " checked" } else { "" }
    );
    if !q.trim().is_empty() {
        let request = SearchQuery {
            q: q.clone(),
            semantic: Some(semantic),
            limit: Some(50),
        };
        match read(&state, move |state, store| {
            run_search(state, store, &request)
        })
        .await
        {
            Ok(result) => {
                let total = result.text_hits.len() + result.sentence_hits.len();
                let _ = write!(
                    body,
                    r#"<p class="meta">{total} results</p><ol class="hits">"#
                );
                for hit in &result.text_hits {
                    let snippet = esc(&hit.snippet)
                        .replace('[', "<mark>")
                        .replace(']', "</mark>");
                    let _ = write!(
                        body,
                        r#"<li><a href="/articles/{}">{}</a><p>{}</p></li>"#,
                        percent_encode(&hit.article),
                        esc(hit.title.as_deref().unwrap_or(&hit.article)),
                        snippet
                    );
                }
                for hit in &result.sentence_hits {
                    let _ = write!(
                        body,
                        r#"<li><a href="/articles/{}">{}</a> <span class="meta">{:.2}</span><p>{}</p></li>"#,
                        percent_encode(&hit.article),
                        esc(&hit.article),
                        hit.similarity,
                        esc(&hit.text)
                    );
                }
                body.push_str("</ol>");
            }
            Err(problem) => {
                let _ = write!(body, r#"<p role="alert">{}</p>"#, esc(&problem.detail));
            }
        }
    }
    html_page("Search", "Search", &body)
}

pub(crate) async fn add_form(State(state): State<Arc<AppState>>) -> Response {
    if state.config.read_only {
        return error_page(Problem::new(
            StatusCode::FORBIDDEN,
            "this server is read-only",
        ));
    }
    let token = if state.config.token.is_some() {
        r#"<label>Token <input type="password" name="token" autocomplete="current-password" required></label>"#
    } else {
        ""
    };
    let body = format!(
        concat!(
            r#"<h1>Add articles</h1>"#,
            r#"<form class="add" method="post" action="/add" enctype="multipart/form-data">"#,
            r#"<label>Text <textarea name="text" rows="10"></textarea></label>"#,
            r#"<p class="meta">or</p><label>URL of an article <input type="url" name="url"></label>"#,
            r#"<p class="meta">or</p><label>Files (HTML, text, JSON Lines, feeds, WARC) <input type="file" name="files" multiple></label>"#,
            r#"<fieldset><legend>About the text (optional)</legend>"#,
            r#"<label>Title <input name="title"></label><label>Outlet <input name="outlet"></label>"#,
            r#"<label>Published <input type="date" name="published"></label></fieldset>"#,
            r#"{token}<button type="submit">Add</button></form>"#
        ),
        token = token
    );
    html_page("Add", "Add", &body)
}

/// The add form's answer: on success, the first added article's story.
pub(crate) async fn add_submit(State(state): State<Arc<AppState>>, request: Request) -> Response {
    if state.config.read_only {
        return error_page(Problem::new(
            StatusCode::FORBIDDEN,
            "this server is read-only",
        ));
    }
    let header_ok = state
        .config
        .token
        .as_deref()
        .is_none_or(|token| crate::guard::has_token(request.headers(), token));
    let (docs, failures, form_token) = match crate::api::ingest::read_request(request).await {
        Ok(read) => read,
        Err(problem) => return error_page(problem),
    };
    if let Some(token) = state.config.token.as_deref() {
        let form_ok = form_token.as_deref().is_some_and(|given| {
            crate::guard::constant_time_eq(given.as_bytes(), token.as_bytes())
        });
        if !header_ok && !form_ok {
            return error_page(Problem::new(
                StatusCode::UNAUTHORIZED,
                "wrong or missing token",
            ));
        }
    }
    if docs.is_empty() {
        return error_page(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("no article could be read: {}", describe_all(&failures)),
        ));
    }
    match add_documents(&state, docs, failures).await {
        Ok(result) => match result.added.iter().find_map(|a| a.story.clone()) {
            Some(story) => {
                Redirect::to(&format!("/stories/{}", percent_encode(&story))).into_response()
            }
            None => error_page(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "nothing was added to a story: {}",
                    describe_all(&result.failures)
                ),
            )),
        },
        Err(problem) => error_page(problem),
    }
}
