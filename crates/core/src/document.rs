//! The article as it flows through the pipeline: raw bytes, source text, cleaned text,
//! the alignment between them, and the annotation layers.

use serde::{Deserialize, Serialize};

use crate::{Layers, Span};

/// What we know about an article besides its text. Every field is optional: readers fill what
/// their format carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Where it came from: a file path, `-` for stdin, or `path#n` for the n-th record of a
    /// container (JSONL line, feed item, WARC record).
    pub path: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub byline: Option<String>,
    /// ISO 8601: `YYYY-MM-DD` or an RFC 3339 timestamp.
    pub published: Option<String>,
    /// ISO 639-1 code, e.g. `en`.
    pub language: Option<String>,
    /// A leading place line such as "Moscow:", kept out of the first sentence.
    pub dateline: Option<String>,
    /// The input format the reader recognised: `txt`, `html`, `jsonl`, `rss`, `atom`, `warc`.
    pub format: Option<String>,
}

impl Meta {
    /// The publication day, when `published` starts with a valid `YYYY-MM-DD`.
    pub fn published_date(&self) -> Option<chrono::NaiveDate> {
        let published = self.published.as_deref()?;
        let day = published.get(..10)?;
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
    }
}

/// Why a piece of the source text is not in the cleaned text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// Share, subscribe, comment widgets, archive and social-media notices, bylines for photos.
    Boilerplate,
    /// A line unrelated to the rest of the article, such as a teaser for another story.
    OffTopic,
    /// Menus, breadcrumbs, "read more" link lists.
    Navigation,
    /// A repeated paragraph.
    Duplicate,
}

impl DropReason {
    pub fn as_str(&self) -> &'static str {
        match self {
            DropReason::Boilerplate => "boilerplate",
            DropReason::OffTopic => "off_topic",
            DropReason::Navigation => "navigation",
            DropReason::Duplicate => "duplicate",
        }
    }
}

/// A piece of source text left out of the cleaned text, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dropped {
    /// Byte range into [`Document::source`].
    pub span: Span,
    pub reason: DropReason,
    /// A short human explanation ("matches share-widget pattern", "shares no content word ...").
    pub detail: String,
}

/// One piece of a derived string that comes from one piece of an original string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Range in the derived string.
    pub from: Span,
    /// Range in the original.
    pub to: Span,
    /// True when the bytes correspond one to one (`derived[from] == original[to]`), so offsets
    /// inside the segment map exactly; false when only the ranges correspond (a decoded entity,
    /// a re-encoded charset).
    pub exact: bool,
}

/// Maps byte offsets of a derived string back to an original. Segments are sorted by
/// `from.start` and do not overlap.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    segments: Vec<Segment>,
}

impl Alignment {
    pub fn new() -> Alignment {
        Alignment::default()
    }

    /// The identity over `len` bytes.
    pub fn identity(len: usize) -> Alignment {
        let span = Span::from_offsets(0, len);
        Alignment {
            segments: vec![Segment {
                from: span,
                to: span,
                exact: true,
            }],
        }
    }

    /// Appends a segment; segments must come in order of `from`.
    pub fn push(&mut self, from: Span, to: Span, exact: bool) {
        debug_assert!(self
            .segments
            .last()
            .is_none_or(|last| last.from.end() <= from.start()));
        debug_assert!(!exact || from.len() == to.len());
        self.segments.push(Segment { from, to, exact });
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The original offset of a derived offset: exact inside exact segments, else the start
    /// (or end, at a segment's end) of the original range. `None` for an unaligned offset.
    pub fn map(&self, offset: usize) -> Option<usize> {
        let idx = self
            .segments
            .partition_point(|segment| segment.from.end() < offset);
        let segment = self.segments.get(idx)?;
        if offset < segment.from.start() {
            return None;
        }
        if segment.exact {
            return Some(segment.to.start() + (offset - segment.from.start()));
        }
        if offset == segment.from.end() && offset > segment.from.start() {
            return Some(segment.to.end());
        }
        Some(segment.to.start())
    }

    /// The original range of a derived range.
    pub fn map_span(&self, span: Span) -> Option<Span> {
        let start = if span.is_empty() {
            self.map(span.start())?
        } else {
            self.map_start(span.start())?
        };
        let end = self.map(span.end())?;
        (start <= end).then(|| Span::from_offsets(start, end))
    }

    /// Like [`Alignment::map`], but an offset where one segment ends and the next begins maps
    /// into the next one: a span's first byte lies there (not in markup skipped between them).
    fn map_start(&self, offset: usize) -> Option<usize> {
        let idx = self
            .segments
            .partition_point(|segment| segment.from.end() <= offset);
        match self.segments.get(idx) {
            Some(segment) if segment.from.start() <= offset => Some(if segment.exact {
                segment.to.start() + (offset - segment.from.start())
            } else {
                segment.to.start()
            }),
            _ => self.map(offset),
        }
    }
}

/// One article. `raw` is never modified; `source` is the decoded (and, for HTML, extracted)
/// text before cleaning; `text` is the cleaned article text, fixed once cleaning ran. Every
/// annotation is a [`Span`] into `text`.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub id: String,
    pub meta: Meta,
    /// The bytes as given.
    pub raw: Vec<u8>,
    /// Decoded (and for markup, extracted) text, one paragraph a line.
    pub source: String,
    /// Maps `source` offsets to `raw` offsets.
    pub source_to_raw: Alignment,
    /// The cleaned article text, one paragraph a line. Empty until cleaned.
    pub text: String,
    /// Maps `text` offsets to `source` offsets.
    pub text_to_source: Alignment,
    /// Pieces of `source` not in `text`, with the reason.
    pub dropped: Vec<Dropped>,
    /// True once the cleaning stage fixed `text`.
    pub cleaned: bool,
    pub layers: Layers,
}

impl Document {
    /// A document fresh from a reader: `text` is a copy of `source` until cleaning runs.
    pub fn new(
        id: impl Into<String>,
        meta: Meta,
        raw: Vec<u8>,
        source: String,
        source_to_raw: Alignment,
    ) -> Document {
        let text = source.clone();
        let text_to_source = Alignment::identity(text.len());
        Document {
            id: id.into(),
            meta,
            raw,
            source,
            source_to_raw,
            text,
            text_to_source,
            dropped: Vec::new(),
            cleaned: false,
            layers: Layers::default(),
        }
    }

    /// A document whose raw bytes are its (already clean) UTF-8 text: handy in tests.
    pub fn from_text(id: impl Into<String>, text: &str) -> Document {
        let mut doc = Document::new(
            id,
            Meta::default(),
            text.as_bytes().to_vec(),
            text.to_string(),
            Alignment::identity(text.len()),
        );
        doc.cleaned = true;
        doc
    }

    /// The text of a span of `text`.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span]
    }

    /// Where a span of `text` lies in `raw`, when the alignment knows.
    pub fn raw_span(&self, span: Span) -> Option<Span> {
        let source = self.text_to_source.map_span(span)?;
        self.source_to_raw.map_span(source)
    }

    /// The sentences layer, or an empty slice when it has not been produced.
    pub fn sentences(&self) -> &[crate::Sentence] {
        self.layers.sentences.as_deref().unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_maps_exact_and_inexact_segments() {
        // derived "a&b" from original "a&amp;b"
        let mut alignment = Alignment::new();
        alignment.push(Span::from_offsets(0, 1), Span::from_offsets(0, 1), true);
        alignment.push(Span::from_offsets(1, 2), Span::from_offsets(1, 6), false);
        alignment.push(Span::from_offsets(2, 3), Span::from_offsets(6, 7), true);
        assert_eq!(alignment.map(0), Some(0));
        assert_eq!(alignment.map(1), Some(1));
        assert_eq!(alignment.map(2), Some(6));
        assert_eq!(alignment.map(3), Some(7));
        assert_eq!(alignment.map(4), None);
        assert_eq!(
            alignment.map_span(Span::from_offsets(0, 3)),
            Some(Span::from_offsets(0, 7))
        );
    }

    #[test]
    fn raw_span_composes_both_alignments() {
        let doc = Document::from_text("t", "Moscow: talks began.");
        let span = Span::new(&doc.text, 8, 13).unwrap();
        assert_eq!(doc.raw_span(span), Some(span));
        assert_eq!(&doc.raw[span.range()], b"talks");
    }

    #[test]
    fn published_date_parses_prefix() {
        let meta = Meta {
            published: Some("2025-04-11T09:30:00Z".into()),
            ..Meta::default()
        };
        assert_eq!(
            meta.published_date(),
            chrono::NaiveDate::from_ymd_opt(2025, 4, 11)
        );
    }
}
