//! The `corroborate.report/1` JSON report (contract in DESIGN.md): stable field names, spans as
//! `[start, end]` byte offsets into each article's `text` (dropped spans: into its source).

use serde::Serialize;

use corroborate_core::{Analysis, DerivedFrom, Document, Failure, Span, Story};

use crate::render::RenderOptions;

pub const SCHEMA: &str = "corroborate.report/1";

#[derive(Serialize)]
struct Report<'a> {
    schema: &'static str,
    generator: &'a str,
    encoder: &'a str,
    articles: Vec<Article<'a>>,
    stories: &'a [Story],
    failures: &'a [Failure],
}

#[derive(Serialize)]
struct Article<'a> {
    id: &'a str,
    path: Option<&'a str>,
    outlet: Option<&'a str>,
    url: Option<&'a str>,
    title: Option<&'a str>,
    byline: Option<&'a str>,
    published: Option<&'a str>,
    language: Option<&'a str>,
    dateline: Option<&'a str>,
    format: Option<&'a str>,
    text: &'a str,
    derived_from: Option<&'a DerivedFrom>,
    sentences: Vec<SentenceOut<'a>>,
    dropped: Vec<DroppedOut<'a>>,
}

#[derive(Serialize)]
struct SentenceOut<'a> {
    index: usize,
    span: Span,
    text: &'a str,
}

#[derive(Serialize)]
struct DroppedOut<'a> {
    /// Byte range into the article's source text (before cleaning).
    span: Span,
    text: &'a str,
    reason: &'static str,
    detail: &'a str,
}

fn article<'a>(analysis: &'a Analysis, doc: &'a Document) -> Article<'a> {
    let meta = &doc.meta;
    Article {
        id: &doc.id,
        path: meta.path.as_deref(),
        outlet: meta.outlet.as_deref(),
        url: meta.url.as_deref(),
        title: meta.title.as_deref(),
        byline: meta.byline.as_deref(),
        published: meta.published.as_deref(),
        language: meta.language.as_deref(),
        dateline: meta.dateline.as_deref(),
        format: meta.format.as_deref(),
        text: &doc.text,
        derived_from: analysis.derived_from.get(&doc.id),
        sentences: doc
            .sentences()
            .iter()
            .enumerate()
            .filter(|(_, sentence)| sentence.span.is_valid_for(&doc.text))
            .map(|(index, sentence)| SentenceOut {
                index,
                span: sentence.span,
                text: &doc.text[sentence.span],
            })
            .collect(),
        dropped: doc
            .dropped
            .iter()
            .filter(|dropped| dropped.span.is_valid_for(&doc.source))
            .map(|dropped| DroppedOut {
                span: dropped.span,
                text: &doc.source[dropped.span],
                reason: dropped.reason.as_str(),
                detail: &dropped.detail,
            })
            .collect(),
    }
}

/// The report as a JSON value.
pub fn report_json(analysis: &Analysis, opts: &RenderOptions) -> serde_json::Value {
    let report = Report {
        schema: SCHEMA,
        generator: &opts.generator,
        encoder: &analysis.encoder,
        articles: analysis
            .documents
            .iter()
            .map(|doc| article(analysis, doc))
            .collect(),
        stories: &analysis.stories,
        failures: &analysis.failures,
    };
    serde_json::to_value(&report)
        .unwrap_or_else(|error| serde_json::json!({ "schema": SCHEMA, "error": error.to_string() }))
}

pub(crate) fn render_json(analysis: &Analysis, opts: &RenderOptions) -> String {
    let value = report_json(analysis, opts);
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_else(|error| {
        format!(
            "{{\"schema\":\"{SCHEMA}\",\"error\":{:?}}}",
            error.to_string()
        )
    });
    out.push('\n');
    out
}
