//! The `corroborate.report/1` JSON report (contract in DESIGN.md): stable field names, spans as
//! `[start, end]` byte offsets into each article's `text` (dropped spans: into its source).

use serde::Serialize;

use corroborate_core::{Analysis, DerivedFrom, Document, Failure, Span, Story};

use crate::outlets::{story_coverage, OutletTable};
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
    let mut value = serde_json::to_value(&report).unwrap_or_else(
        |error| serde_json::json!({ "schema": SCHEMA, "error": error.to_string() }),
    );
    if let Some(table) = &opts.outlets {
        add_outlet_coverage(&mut value, analysis, table);
    }
    value
}

/// With an outlet table, adds to each story `outlet_coverage` (`{"labels": [...]}`) and
/// `blindspots`, and to each claim `outlet_coverage` (key → `reported_by`, `missing`),
/// `blindspot` (the first, or null) and `blindspots` (all). The story's own `coverage` (per
/// article) keeps its name and meaning.
fn add_outlet_coverage(value: &mut serde_json::Value, analysis: &Analysis, table: &OutletTable) {
    let Some(stories) = value
        .get_mut("stories")
        .and_then(serde_json::Value::as_array_mut)
    else {
        return;
    };
    for (story_value, story) in stories.iter_mut().zip(&analysis.stories) {
        let coverage = story_coverage(table, analysis, story);
        let Some(story_object) = story_value.as_object_mut() else {
            continue;
        };
        let labels = serde_json::json!({ "labels": to_value(&coverage.labels) });
        story_object.insert("outlet_coverage".into(), labels);
        story_object.insert("blindspots".into(), to_value(&coverage.blindspots));
        let Some(claims) = story_object
            .get_mut("claims")
            .and_then(serde_json::Value::as_array_mut)
        else {
            continue;
        };
        // `story_coverage` covers the claims in the story's order.
        for (claim_value, claim) in claims.iter_mut().zip(&coverage.claims) {
            let Some(claim_object) = claim_value.as_object_mut() else {
                continue;
            };
            claim_object.insert("outlet_coverage".into(), to_value(&claim.labels));
            claim_object.insert("blindspot".into(), to_value(&claim.blindspot()));
            claim_object.insert("blindspots".into(), to_value(&claim.blindspots));
        }
    }
}

/// A value as JSON (null if it cannot be; these types always can).
fn to_value<T: Serialize + ?Sized>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
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
