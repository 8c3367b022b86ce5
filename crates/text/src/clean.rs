//! The cleaning stage: decides, line by line, what of `source` is article text.
//!
//! Whole lines are kept or dropped. First each line is judged alone (boilerplate, navigation);
//! then duplicates and off-topic lines are judged against the lines still kept, repeating
//! until nothing changes. Every judgement depends only on the kept lines, so cleaning a
//! cleaned text drops nothing more.

use std::fmt;

use corroborate_core::{Alignment, Document, DropReason, Dropped, Error, Layer, Span, Stage};
use rust_stemmers::Stemmer;

use crate::boilerplate::{is_archive_notice, judge_line};
use crate::hash::WordSet;
use crate::tokens::words;
use crate::topic::{self, Terms};

/// Lines with at least this many words are compared for near-verbatim repeats.
const NEAR_DUPLICATE_MIN_WORDS: usize = 8;
/// Word-set Jaccard similarity from which a line repeats an earlier one.
const NEAR_DUPLICATE_JACCARD: f64 = 0.85;
/// A line is compared with at most this many earlier kept lines for near-verbatim repeats.
const NEAR_DUPLICATE_WINDOW: usize = 400;
/// Rounds of duplicate and off-topic judgement; each drops at least one line, and real
/// articles settle in one or two.
const MAX_ROUNDS: usize = 32;

/// What cleaning one source text gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cleaned {
    /// Kept paragraphs, trimmed, joined by `\n`.
    pub text: String,
    /// One exact segment per kept line, from `text` to the source.
    pub text_to_source: Alignment,
    /// Every dropped line, with a span into the source, in source order.
    pub dropped: Vec<Dropped>,
}

/// The stage that fills `doc.text`, `doc.text_to_source` and `doc.dropped` from
/// `doc.source`.
pub struct Cleaner {
    stemmer: Stemmer,
}

impl fmt::Debug for Cleaner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cleaner").finish_non_exhaustive()
    }
}

impl Default for Cleaner {
    fn default() -> Cleaner {
        Cleaner::new()
    }
}

struct Line<'a> {
    span: Span,
    text: &'a str,
}

impl Cleaner {
    pub fn new() -> Cleaner {
        Cleaner {
            stemmer: topic::stemmer(),
        }
    }

    /// Cleans one source text (one paragraph a line).
    ///
    /// ```
    /// use corroborate_text::Cleaner;
    ///
    /// let cleaned = Cleaner::new().clean("Talks began on Friday.\nShare this article\n");
    /// assert_eq!(cleaned.text, "Talks began on Friday.");
    /// assert_eq!(cleaned.dropped.len(), 1);
    /// ```
    pub fn clean(&self, source: &str) -> Cleaned {
        let lines = split_lines(source);
        let texts: Vec<&str> = lines.iter().map(|line| line.text).collect();
        let mut verdicts = self.judge(&texts);
        let mut cleaned = Cleaned::default();
        for (line, verdict) in lines.iter().zip(verdicts.iter_mut()) {
            match verdict.take() {
                Some((reason, detail)) => cleaned.dropped.push(Dropped {
                    span: line.span,
                    reason,
                    detail,
                }),
                None => {
                    if !cleaned.text.is_empty() {
                        cleaned.text.push('\n');
                    }
                    let start = cleaned.text.len();
                    cleaned.text.push_str(line.text);
                    let from = Span::from_offsets(start, cleaned.text.len());
                    cleaned.text_to_source.push(from, line.span, true);
                }
            }
        }
        cleaned
    }

    /// One verdict per line: `None` keeps it.
    fn judge(&self, lines: &[&str]) -> Vec<Option<(DropReason, String)>> {
        let lowers: Vec<String> = lines.iter().map(|line| line.to_lowercase()).collect();
        let line_words: Vec<Vec<&str>> = lowers
            .iter()
            .map(|lower| words(lower).map(|(_, w)| w).collect())
            .collect();
        let archive_notice = line_words.iter().any(|list| is_archive_notice(list));
        let mut verdicts: Vec<Option<(DropReason, String)>> = lines
            .iter()
            .zip(&lowers)
            .zip(&line_words)
            .map(|((line, lower), list)| {
                judge_line(line, lower, list, archive_notice)
                    .map(|v| (v.reason, v.detail.to_string()))
            })
            .collect();
        let mut stems = topic::Stems::new(&self.stemmer);
        let terms: Vec<Terms> = lines
            .iter()
            .map(|line| topic::terms(line, &mut stems))
            .collect();
        for _ in 0..MAX_ROUNDS {
            let kept: Vec<usize> = (0..lines.len())
                .filter(|&i| verdicts[i].is_none())
                .collect();
            let mut changed = false;
            for (index, detail) in duplicates(&line_words, &kept) {
                verdicts[index] = Some((DropReason::Duplicate, detail.to_string()));
                changed = true;
            }
            let kept: Vec<usize> = kept
                .into_iter()
                .filter(|&i| verdicts[i].is_none())
                .collect();
            let kept_terms: Vec<&Terms> = kept.iter().map(|&i| &terms[i]).collect();
            for (position, verdict) in topic::off_topic(&kept_terms).into_iter().enumerate() {
                if let Some(detail) = verdict {
                    verdicts[kept[position]] = Some((DropReason::OffTopic, detail.to_string()));
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        verdicts
    }
}

impl Stage for Cleaner {
    fn name(&self) -> &'static str {
        "clean"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Source]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Text]
    }

    fn process(&self, doc: &mut Document) -> Result<(), Error> {
        let cleaned = self.clean(&doc.source);
        doc.text = cleaned.text;
        doc.text_to_source = cleaned.text_to_source;
        doc.dropped = cleaned.dropped;
        doc.cleaned = true;
        Ok(())
    }
}

/// The non-blank lines of `source`, trimmed, with their spans.
fn split_lines(source: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in source.split('\n') {
        let span = Span::from_offsets(start, start + raw.len()).trim(source);
        if !span.is_empty() {
            lines.push(Line {
                span,
                text: &source[span],
            });
        }
        start += raw.len() + 1;
    }
    lines
}

/// Kept lines that repeat an earlier kept line, verbatim (same words, any case and
/// punctuation) or nearly (word sets almost equal).
fn duplicates<'a>(line_words: &[Vec<&'a str>], kept: &[usize]) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    let mut seen: WordSet<&[&str]> = WordSet::default();
    let mut long_lines: Vec<WordSet<&'a str>> = Vec::new();
    for &index in kept {
        let key = line_words[index].as_slice();
        if seen.contains(key) {
            found.push((index, "repeats an earlier paragraph verbatim"));
            continue;
        }
        if key.len() >= NEAR_DUPLICATE_MIN_WORDS {
            let set: WordSet<&str> = key.iter().copied().collect();
            let repeats = long_lines
                .iter()
                .rev()
                .take(NEAR_DUPLICATE_WINDOW)
                .any(|earlier| jaccard(earlier, &set) >= NEAR_DUPLICATE_JACCARD);
            if repeats {
                found.push((index, "repeats an earlier paragraph nearly verbatim"));
                continue;
            }
            long_lines.push(set);
        }
        seen.insert(key);
    }
    found
}

fn jaccard(a: &WordSet<&str>, b: &WordSet<&str>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if large.is_empty() {
        return 0.0;
    }
    // Cheap bound: the ratio of sizes caps the similarity.
    if (small.len() as f64) < NEAR_DUPLICATE_JACCARD * large.len() as f64 {
        return 0.0;
    }
    let common = small.iter().filter(|w| large.contains(*w)).count();
    common as f64 / (a.len() + b.len() - common) as f64
}
