//! Readers that turn user inputs into [`corroborate_core::Document`]s with metadata.
//!
//! - [`discover`] expands paths (folders recursively, sorted, hidden entries skipped; `-` is
//!   standard input) into [`Input`]s.
//! - [`read_input`] / [`read_bytes`] read one input and return one result per article:
//!   plain text and Markdown, HTML pages (main-text extraction), JSON Lines, RSS 2.0 / Atom,
//!   and WARC. The format is sniffed from the content (the extension only breaks ties); gzip
//!   (including per-record `.warc.gz`) is inflated transparently.
//! - Each document's `raw` is the bytes as given (inflated, for gzip; for a container record,
//!   that record: a JSONL line, a feed item's HTML, a WARC record's HTTP payload), `source` is
//!   the article body one trimmed paragraph a line, and `source_to_raw` maps it back to `raw`
//!   (exact where bytes correspond, inexact over entities, escapes and re-encoded charsets).
//! - HTML: rs-trafilatura extracts the main text; widget lines ("Advertisement", share bars,
//!   image credits, datelines of the page furniture), a repeated headline, standfirst and byline,
//!   a trailing comment section, a "related stories" tail and a trailing run of linked teasers
//!   are dropped; when rs-trafilatura returns a run-on text more than twice as long as what
//!   dom_smoothie (readability.js) finds, dom_smoothie's text is used. Each paragraph is then
//!   located in the page's visible text to align it with the markup. Before the extractors
//!   see a page, elements nested deeper than 256 lose their tags and a tag over 8 KB keeps only
//!   its name, so hostile markup can neither overflow the stack nor take minutes. Metadata
//!   comes from `<meta>`, `<link rel=canonical>`, `<time>`, `<title>`, `<html lang>` and
//!   JSON-LD.
//! - [`read_page`] reads a page fetched over HTTP (its URL becomes the article's URL) and
//!   [`read_feed_items`] a fetched feed's items (guid, link, the item's own article).
//! - Text decoding: a BOM wins, then the HTTP or markup charset, then UTF-8, else detection
//!   (chardetng) and decoding (encoding_rs).
//!
//! Ids: the file stem for a file; for container records the record's own `id` (JSONL) or
//! `<stem>-<n>` (1-based), unique within the container.
//!
//! Size policy: one article (a text or HTML file, or one container record) may have at most
//! [`MAX_ARTICLE_BYTES`] (10 MB); a bigger one is an error ("too large for one article
//! (52.4 MB > 10 MB)"). Containers (JSONL, feeds, WARC) may be any size; a gzip stream may
//! inflate to at most [`MAX_ARTICLE_BYTES`] for one article and [`MAX_INFLATED_BYTES`] (1 GB)
//! for a container, so a gzip bomb stops early.
//!
//! Errors ([`IngestError`]) print as one line naming the input, e.g.
//! `a.txt.gz: truncated gzip stream`; readers never panic on bad input.
//!
//! ```
//! use corroborate_ingest::read_bytes;
//!
//! let raw = b"Talks resume in Geneva\n\nMOSCOW (Reuters) - Talks resumed on Friday.\nBoth sides spoke.\n";
//! let docs = read_bytes("report.txt", raw.to_vec());
//! let doc = docs[0].as_ref().unwrap();
//! assert_eq!(doc.id, "report");
//! assert_eq!(doc.meta.title.as_deref(), Some("Talks resume in Geneva"));
//! assert_eq!(doc.meta.dateline.as_deref(), Some("MOSCOW (Reuters) -"));
//! assert_eq!(doc.source, "Talks resumed on Friday.\nBoth sides spoke.");
//! let span = doc.source_to_raw.map_span(corroborate_core::Span::from_offsets(0, 5)).unwrap();
//! assert_eq!(&raw[span.range()], b"Talks");
//! ```

mod align;
mod bounds;
mod dates;
mod decode;
mod discover;
mod entities;
mod error;
mod feed;
mod feed_salvage;
mod html;
mod html_meta;
mod json_string;
mod jsonl;
mod locate;
mod markdown;
mod page;
mod read;
mod region;
mod text;
mod warc;

pub use crate::{
    discover::{discover, Input},
    error::IngestError,
    page::{read_feed_items, read_page, FeedItem},
    read::{read_bytes, read_input, trafilatura_text, MAX_ARTICLE_BYTES, MAX_INFLATED_BYTES},
};

/// Main-text paragraphs of an HTML page, as the HTML reader extracts them (for benchmarks and
/// comparisons).
pub fn extract_html_paragraphs(html: &str) -> Vec<String> {
    html::extract_paragraphs(html)
}
