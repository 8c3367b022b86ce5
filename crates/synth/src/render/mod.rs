//! Renderers of an [`Analysis`]: terminal text, Markdown, the `corroborate.report/1` JSON and a
//! self-contained HTML report.

mod html;
mod html_article;
mod html_outlets;
mod html_tables;
mod json;
mod markdown;
mod svg;
mod svg_timeline;
mod terminal;

use std::str::FromStr;
use std::sync::Arc;

use corroborate_core::{Analysis, Cite, Document, Span, Story};

use crate::outlets::OutletTable;
use crate::SynthError;

pub use self::html::percent_encode;
pub use self::json::report_json;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Terminal,
    Markdown,
    Json,
    Html,
}

impl FromStr for Format {
    type Err = SynthError;

    /// `terminal` (or `text`), `markdown` (or `md`), `json`, `html`.
    fn from_str(name: &str) -> Result<Format, SynthError> {
        match name.to_ascii_lowercase().as_str() {
            "terminal" | "text" | "txt" => Ok(Format::Terminal),
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "html" => Ok(Format::Html),
            _ => Err(SynthError::UnknownFormat(name.to_string())),
        }
    }
}

/// How to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colours in terminal output (the caller decides, e.g. when stdout is a tty).
    pub color: bool,
    /// Terminal line width.
    pub width: usize,
    /// Written into reports, e.g. `corroborate 0.1.0`.
    pub generator: String,
    /// HTML only: where article pages live (e.g. `/articles/`). When set, citations link to
    /// `{base}{article id}?span=START-END#cited` and the article texts are left out of the page.
    pub article_base: Option<String>,
    /// Outlet groups: with a table, reports show each story's and claim's coverage by label
    /// and the blindspots ([`crate::outlets`]); without, they are as before.
    pub outlets: Option<Arc<OutletTable>>,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            color: false,
            width: 80,
            generator: concat!("corroborate ", env!("CARGO_PKG_VERSION")).to_string(),
            article_base: None,
            outlets: None,
        }
    }
}

/// Renders the whole analysis in `format`.
pub fn render(analysis: &Analysis, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Terminal => terminal::render_terminal(analysis, opts),
        Format::Markdown => markdown::render_markdown(analysis, opts),
        Format::Json => json::render_json(analysis, opts),
        Format::Html => html::render_html(analysis, opts),
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// 1-based source number of an article in a story.
pub(crate) fn source_number(story: &Story, article: &str) -> Option<usize> {
    story
        .articles
        .iter()
        .position(|id| id == article)
        .map(|index| index + 1)
}

/// Index of the sentence where a span starts, when the document has sentences.
pub(crate) fn sentence_of(doc: &Document, span: Span) -> Option<usize> {
    doc.sentences().iter().position(|sentence| {
        sentence.span.contains(span)
            || (sentence.span.start() <= span.start() && span.start() < sentence.span.end())
    })
}

/// The cited text, when the cite resolves.
pub(crate) fn cited_text<'a>(analysis: &'a Analysis, cite: &Cite) -> Option<&'a str> {
    let doc = analysis.document(&cite.doc)?;
    cite.span
        .is_valid_for(&doc.text)
        .then(|| &doc.text[cite.span])
}

/// "Outlet", else the title, else the id: how a source is named in lists; a source in
/// another language than English is marked with its language ("El País [es]").
pub(crate) fn source_name(doc: Option<&Document>, article: &str) -> String {
    let name = doc
        .and_then(|doc| doc.meta.outlet.clone().or_else(|| doc.meta.title.clone()))
        .unwrap_or_else(|| article.to_string());
    match doc.and_then(|doc| doc.meta.language.as_deref()) {
        Some(language) if language != "en" => format!("{name} [{language}]"),
        _ => name,
    }
}

/// "adds 2 claims alone · omits 1 corroborated claim" for an article of a story, when known.
pub(crate) fn coverage_note(story: &Story, article: &str) -> Option<String> {
    let coverage = story.coverage.iter().find(|c| c.article == article)?;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut parts = Vec::new();
    if !coverage.alone.is_empty() {
        let n = coverage.alone.len();
        parts.push(format!("adds {n} claim{} alone", plural(n)));
    }
    if !coverage.omits.is_empty() {
        let n = coverage.omits.len();
        parts.push(format!("omits {n} corroborated claim{}", plural(n)));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A fragment-safe form of an article id: ASCII alphanumerics, `-` and `_` kept, every other
/// byte written as `.xx` hex, so distinct ids stay distinct.
pub(crate) fn anchor_id(article: &str) -> String {
    let mut out = String::new();
    for byte in article.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            out.push(byte as char);
        } else {
            out.push_str(&format!(".{byte:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"<script>alert(1)</script> " onerror='x' &"#),
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot; onerror=&#39;x&#39; &amp;"
        );
    }

    #[test]
    fn anchors_are_distinct_and_safe() {
        assert_eq!(anchor_id("a-1_b"), "a-1_b");
        assert_ne!(anchor_id("a b"), anchor_id("a_b"));
        assert!(anchor_id("x\"><script>")
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')));
    }

    #[test]
    fn parses_format_names() {
        assert_eq!("md".parse::<Format>().unwrap(), Format::Markdown);
        assert_eq!("HTML".parse::<Format>().unwrap(), Format::Html);
        assert!("pdf".parse::<Format>().is_err());
    }
}
