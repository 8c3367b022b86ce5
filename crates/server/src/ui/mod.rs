//! The web UI: server-rendered pages (story river, story, article, search, add) with a small
//! script for live updates. Every piece of article text goes through [`escape_html`]; pages
//! carry a Content-Security-Policy that allows only this server's own script.

mod pages;

use std::sync::Arc;

use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::AppState;

pub(crate) use corroborate_synth::escape_html as esc;

const CSS: &str = include_str!("../../assets/app.css");
const JS: &str = include_str!("../../assets/app.js");

/// The policy of every UI page but the story report (which carries its own, stricter one).
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(pages::river))
        .route("/stories/{id}", get(pages::story))
        .route("/articles/{id}", get(pages::article))
        .route("/search", get(pages::search))
        .route("/add", get(pages::add_form).post(pages::add_submit))
        .route("/static/app.css", get(css))
        .route("/static/app.js", get(js))
}

async fn css() -> Response {
    asset(CSS, "text/css; charset=utf-8")
}

async fn js() -> Response {
    asset(JS, "text/javascript; charset=utf-8")
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// A page with the security headers every UI page gets.
pub(crate) fn page_response(html: String, csp: &'static str) -> Response {
    let mut response = Html(html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// The frame of every page: header with navigation, `main`, footer.
pub(crate) fn layout(title: &str, current: &str, body: &str) -> String {
    let link = |href: &str, label: &str| {
        let aria = if label == current {
            r#" aria-current="page""#
        } else {
            ""
        };
        format!(r#"<a href="{href}"{aria}>{label}</a>"#)
    };
    format!(
        concat!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>{title} · corroborate</title><link rel=\"stylesheet\" href=\"/static/app.css\">",
            "<script src=\"/static/app.js\" defer></script></head><body>",
            "<a class=\"skip\" href=\"#main\">Skip to content</a>",
            "<header class=\"top\"><nav aria-label=\"main\"><strong class=\"brand\">corroborate</strong> {river} {search} {add}</nav></header>",
            "<main id=\"main\">{body}</main>",
            "<footer><p class=\"meta\">corroborate {version} · every statement links to the bytes it rests on</p></footer>",
            "</body></html>\n"
        ),
        title = esc(title),
        river = link("/", "Stories"),
        search = link("/search", "Search"),
        add = link("/add", "Add"),
        body = body,
        version = env!("CARGO_PKG_VERSION"),
    )
}

pub(crate) fn html_page(title: &str, current: &str, body: &str) -> Response {
    page_response(layout(title, current, body), CSP)
}
