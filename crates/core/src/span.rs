//! Byte spans into an article's text, and citations that point into a document.

use std::fmt;
use std::ops::{Index, Range};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// A half-open byte range `[start, end)` into a text.
///
/// `start <= end` always holds; a span made with [`Span::new`] for a given text
/// also lies on char boundaries, so `&text[span]` never panics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// A span checked against `text`: in bounds, ordered, on char boundaries.
    pub fn new(text: &str, start: usize, end: usize) -> Result<Span, Error> {
        if start > end || end > text.len() {
            return Err(Error::InvalidSpan {
                start,
                end,
                len: text.len(),
            });
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(Error::NotCharBoundary { start, end });
        }
        Ok(Span { start, end })
    }

    /// A span with only the ordering checked. Use it where the offsets come from
    /// a regex match or `char_indices` on the same text, which are boundaries already.
    ///
    /// # Panics
    /// When `start > end`; that is a bug in the caller.
    pub fn from_offsets(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} > end {end}");
        Span { start, end }
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// True when `other` lies wholly inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span moved by `delta` bytes (to re-base a span of a slice onto its parent).
    pub fn offset(&self, delta: usize) -> Span {
        Span {
            start: self.start + delta,
            end: self.end + delta,
        }
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span shrunk so it neither starts nor ends with whitespace.
    pub fn trim(&self, text: &str) -> Span {
        let slice = &text[self.range()];
        let lead = slice.len() - slice.trim_start().len();
        let trail = slice.len() - slice.trim_end().len();
        if lead == slice.len() {
            return Span {
                start: self.start,
                end: self.start,
            };
        }
        Span {
            start: self.start + lead,
            end: self.end - trail,
        }
    }

    /// True when the span is in bounds of `text` and on char boundaries.
    pub fn is_valid_for(&self, text: &str) -> bool {
        self.end <= text.len()
            && text.is_char_boundary(self.start)
            && text.is_char_boundary(self.end)
    }
}

impl Index<Span> for str {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

impl Index<Span> for String {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self.as_str()[span]
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

// The report contract writes a span as `[start, end]`.
impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Span, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(deserializer)?;
        if start > end {
            return Err(serde::de::Error::custom(format!(
                "span start {start} > end {end}"
            )));
        }
        Ok(Span { start, end })
    }
}

/// A pointer into one article: the only way anything outside a document refers to its text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Cite {
    /// The article id.
    #[serde(rename = "article")]
    pub doc: String,
    pub span: Span,
}

impl Cite {
    pub fn new(doc: impl Into<String>, span: Span) -> Cite {
        Cite {
            doc: doc.into(),
            span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_text_and_checks_boundaries() {
        let text = "Mr. Okafor said «yes».";
        let span = Span::new(text, 4, 10).unwrap();
        assert_eq!(&text[span], "Okafor");
        assert!(Span::new(text, 5, 3).is_err());
        assert!(Span::new(text, 0, 100).is_err());
        let guillemet = text.find('«').unwrap();
        assert!(Span::new(text, guillemet + 1, guillemet + 3).is_err());
    }

    #[test]
    fn serializes_as_pair() {
        let span = Span::from_offsets(3, 9);
        assert_eq!(serde_json::to_string(&span).unwrap(), "[3,9]");
        let back: Span = serde_json::from_str("[3,9]").unwrap();
        assert_eq!(back, span);
        assert!(serde_json::from_str::<Span>("[9,3]").is_err());
        let cite = Cite::new("a1", span);
        assert_eq!(
            serde_json::to_string(&cite).unwrap(),
            r#"{"article":"a1","span":[3,9]}"#
        );
    }

    #[test]
    fn trims_whitespace() {
        let text = "  hello world \n";
        let span = Span::from_offsets(0, text.len()).trim(text);
        assert_eq!(&text[span], "hello world");
        let blank = Span::from_offsets(0, 2).trim(text);
        assert!(blank.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn new_accepts_only_valid_spans(text in "\\PC{0,40}", a in 0usize..60, b in 0usize..60) {
            match Span::new(&text, a, b) {
                Ok(span) => { let _ = &text[span]; }
                Err(_) => proptest::prop_assert!(a > b || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b)),
            }
        }
    }
}
