//! Text with a map back to the bytes it came from, and a builder that assembles a document's
//! `source` from pieces of such text while keeping the alignment.

use corroborate_core::{Alignment, Segment, Span};

/// Decoded text plus where each of its bytes lies in the bytes it was decoded from.
#[derive(Clone, Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub map: ByteMap,
}

/// How offsets of a decoded text map to the original bytes.
#[derive(Clone, Debug)]
pub(crate) enum ByteMap {
    /// The text is the original bytes from `offset` on (UTF-8, perhaps after a BOM).
    Offset(usize),
    /// Sorted, non-overlapping segments (re-encoded charsets, JSON string escapes).
    Segments(Vec<Segment>),
}

impl Decoded {
    /// Text that is the original bytes themselves.
    pub fn identity(text: String) -> Decoded {
        Decoded {
            text,
            map: ByteMap::Offset(0),
        }
    }

    /// The original range of a text range (start and end mapped separately).
    #[cfg(test)]
    pub fn map_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        match &self.map {
            ByteMap::Offset(offset) => Some((start + offset, end + offset)),
            ByteMap::Segments(segments) => {
                let alignment = alignment_of(segments);
                let span = alignment.map_span(Span::from_offsets(start, end))?;
                Some((span.start(), span.end()))
            }
        }
    }
}

fn alignment_of(segments: &[Segment]) -> Alignment {
    let mut alignment = Alignment::new();
    for segment in segments {
        alignment.push(segment.from, segment.to, segment.exact);
    }
    alignment
}

/// Appends a segment, merging it into the last one when both are exact and contiguous.
pub(crate) fn push_segment(segments: &mut Vec<Segment>, from: Span, to: Span, exact: bool) {
    if from.is_empty() && to.is_empty() {
        return;
    }
    if let Some(last) = segments.last_mut() {
        if exact && last.exact && last.from.end() == from.start() && last.to.end() == to.start() {
            last.from = last.from.cover(from);
            last.to = last.to.cover(to);
            return;
        }
    }
    segments.push(Segment { from, to, exact });
}

/// Builds a document's `source`, one paragraph a line, from pieces of a [`Decoded`] text.
#[derive(Debug, Default)]
pub(crate) struct SourceBuilder {
    text: String,
    /// Segments from `text` into the decoded text (not yet into raw bytes).
    segments: Vec<Segment>,
}

impl SourceBuilder {
    pub fn new() -> SourceBuilder {
        SourceBuilder::default()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Appends `decoded[at..at + piece.len()]`, which must equal `piece`.
    pub fn push_exact(&mut self, piece: &str, at: usize) {
        let start = self.text.len();
        self.text.push_str(piece);
        push_segment(
            &mut self.segments,
            Span::from_offsets(start, self.text.len()),
            Span::from_offsets(at, at + piece.len()),
            true,
        );
    }

    /// Appends `piece`, which stands for `decoded[from..to]` without equalling it.
    pub fn push_inexact(&mut self, piece: &str, from: usize, to: usize) {
        let start = self.text.len();
        self.text.push_str(piece);
        push_segment(
            &mut self.segments,
            Span::from_offsets(start, self.text.len()),
            Span::from_offsets(from, to.max(from)),
            false,
        );
    }

    /// Appends text with no counterpart in the original.
    pub fn push_unaligned(&mut self, piece: &str) {
        self.text.push_str(piece);
    }

    /// Drops trailing whitespace (and the segments that covered only it).
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end().len();
        self.truncate(keep);
    }

    pub fn truncate(&mut self, len: usize) {
        if len >= self.text.len() {
            return;
        }
        self.text.truncate(len);
        while let Some(last) = self.segments.last_mut() {
            if last.from.start() >= len {
                self.segments.pop();
                continue;
            }
            if last.from.end() > len {
                let cut = last.from.end() - len;
                last.from = Span::from_offsets(last.from.start(), len);
                if last.exact {
                    last.to = Span::from_offsets(last.to.start(), last.to.end() - cut);
                }
            }
            break;
        }
    }

    /// The finished `source` and its alignment to the raw bytes behind `decoded`.
    pub fn finish(self, decoded: &Decoded) -> (String, Alignment) {
        let alignment = compose(&self.segments, &decoded.map);
        (self.text, alignment)
    }
}

/// Composes `source -> decoded` segments with `decoded -> raw`.
fn compose(segments: &[Segment], map: &ByteMap) -> Alignment {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    match map {
        ByteMap::Offset(offset) => {
            for segment in segments {
                let to = segment.to.offset(*offset);
                push_segment(&mut out, segment.from, to, segment.exact);
            }
        }
        ByteMap::Segments(inner) => {
            let inner_alignment = alignment_of(inner);
            for segment in segments {
                if !segment.exact {
                    if let Some(to) = inner_alignment.map_span(segment.to) {
                        push_segment(&mut out, segment.from, to, false);
                    }
                    continue;
                }
                compose_exact(segment, inner, &mut out);
            }
        }
    }
    let mut alignment = Alignment::new();
    for segment in out {
        alignment.push(segment.from, segment.to, segment.exact);
    }
    alignment
}

/// Splits one exact segment along the inner segments its decoded range crosses.
fn compose_exact(segment: &Segment, inner: &[Segment], out: &mut Vec<Segment>) {
    let (lo, hi) = (segment.to.start(), segment.to.end());
    let first = inner.partition_point(|s| s.from.end() <= lo);
    for piece in &inner[first..] {
        if piece.from.start() >= hi {
            break;
        }
        let start = lo.max(piece.from.start());
        let end = hi.min(piece.from.end());
        let from = Span::from_offsets(
            segment.from.start() + (start - lo),
            segment.from.start() + (end - lo),
        );
        if piece.exact {
            let delta = piece.to.start();
            let to = Span::from_offsets(
                delta + (start - piece.from.start()),
                delta + (end - piece.from.start()),
            );
            push_segment(out, from, to, true);
        } else {
            push_segment(out, from, piece.to, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_composes_with_offset() {
        let decoded = Decoded {
            text: "  Hello  world ".into(),
            map: ByteMap::Offset(3),
        };
        let mut builder = SourceBuilder::new();
        builder.push_exact("Hello", 2);
        builder.push_inexact(" ", 7, 9);
        builder.push_exact("world", 9);
        let (source, alignment) = builder.finish(&decoded);
        assert_eq!(source, "Hello world");
        let span = alignment.map_span(Span::from_offsets(6, 11)).unwrap();
        assert_eq!(span, Span::from_offsets(12, 17));
    }

    #[test]
    fn builder_composes_with_segments() {
        // decoded "café!" from windows-1252 bytes b"caf\xe9!"
        let decoded = Decoded {
            text: "café!".into(),
            map: ByteMap::Segments(vec![
                Segment {
                    from: Span::from_offsets(0, 3),
                    to: Span::from_offsets(0, 3),
                    exact: true,
                },
                Segment {
                    from: Span::from_offsets(3, 5),
                    to: Span::from_offsets(3, 4),
                    exact: false,
                },
                Segment {
                    from: Span::from_offsets(5, 6),
                    to: Span::from_offsets(4, 5),
                    exact: true,
                },
            ]),
        };
        let mut builder = SourceBuilder::new();
        builder.push_exact("café!", 0);
        let (source, alignment) = builder.finish(&decoded);
        assert_eq!(source, "café!");
        assert_eq!(alignment.segments().len(), 3);
        assert_eq!(alignment.map(5), Some(4));
        assert_eq!(alignment.map(6), Some(5));
        assert_eq!(alignment.map(1), Some(1));
    }

    #[test]
    fn truncate_trims_segments() {
        let decoded = Decoded::identity("abc   ".into());
        let mut builder = SourceBuilder::new();
        builder.push_exact("abc   ", 0);
        builder.trim_end();
        let (source, alignment) = builder.finish(&decoded);
        assert_eq!(source, "abc");
        assert_eq!(alignment.segments()[0].to, Span::from_offsets(0, 3));
    }
}
