//! Reworded rewrites: a report retold sentence by sentence from another (same facts in the same
//! order, the same quotes, each sentence reworded) shares too few word 5-grams to be a
//! near-duplicate, yet is no independent source. Two reports are compared sentence by sentence:
//! each sentence of the shorter gets at most one close counterpart in the other (cosine of
//! neural sentence vectors, else overlap of content terms). A rewrite has counterparts for most
//! of its sentences (coverage) and keeps them in the original's order (the longest increasing
//! run of matched positions); shared direct quotes and figures are reported as evidence.
//! Independent reports of one event share facts too, but fewer of their sentences find a close
//! counterpart and the order differs.

use corroborate_core::Document;

use crate::align::dot;
use crate::profile::figure_term;
use crate::terms::{terms_of, words};

/// Cosine of neural sentence vectors from which two sentences are counterparts.
pub(crate) const CLOSE_COSINE: f32 = 0.75;
/// Dice overlap of content terms from which two sentences are counterparts (no neural vectors).
pub(crate) const CLOSE_TERMS: f32 = 0.5;
/// Share of the shorter report's sentences that need a counterpart. On the seed reports the
/// rewrite covers 0.56 (neural) to 0.69 (terms) and independent reports at most 0.20.
pub(crate) const MIN_COVERAGE: f32 = 0.5;
/// Share of pairs of matched sentences that need to keep the original's order.
pub(crate) const MIN_ORDER: f32 = 0.75;
/// Fewest matched sentences: a short brief that restates a lead is no rewrite.
pub(crate) const MIN_MATCHED: usize = 4;
/// Content terms a sentence needs to be compared (datelines, bylines and fragments are not).
const MIN_TERMS: usize = 3;
/// Words a direct quote needs, and words in a row two quotes share, to be the same quote.
const QUOTE_WORDS: usize = 4;

/// What a report offers to the comparison: its sentences' content terms and vectors, its
/// direct quotes and its figures.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sentences {
    /// Sorted unique content terms of each compared sentence.
    terms: Vec<Vec<String>>,
    /// The L2-normalised vector of each compared sentence, when the vectors layer exists.
    vectors: Option<Vec<Vec<f32>>>,
    /// Lowercase words of each direct quote of at least [`QUOTE_WORDS`] words.
    quotes: Vec<Vec<String>>,
    /// Sorted unique figures (kind, value and unit; or the numbers written, without a figures
    /// layer).
    figures: Vec<String>,
}

impl Sentences {
    /// Sentences compared (those with enough content terms).
    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }
}

/// Reads what [`compare`] needs from an annotated document (nothing without sentences).
pub(crate) fn sentences(doc: &Document) -> Sentences {
    let spans = doc.sentences();
    let vectors = doc
        .layers
        .vectors
        .as_ref()
        .filter(|v| v.len() == spans.len());
    let mut out = Sentences {
        vectors: vectors.map(|_| Vec::new()),
        ..Sentences::default()
    };
    for (k, sentence) in spans.iter().enumerate() {
        let mut terms = Vec::new();
        for word in words(&doc.text[sentence.span]) {
            terms_of(word.text, &mut terms);
        }
        terms.sort_unstable();
        terms.dedup();
        if terms.len() < MIN_TERMS {
            continue;
        }
        out.terms.push(terms);
        if let (Some(all), Some(kept)) = (vectors, out.vectors.as_mut()) {
            kept.push(normalised(&all[k]));
        }
    }
    let quoted: Vec<&str> = match &doc.layers.quotes {
        Some(quotes) => quotes.iter().map(|q| &doc.text[q.span]).collect(),
        None => quoted_passages(&doc.text),
    };
    out.quotes = quoted
        .into_iter()
        .map(|q| {
            words(q)
                .iter()
                .map(|w| w.text.to_lowercase().replace('’', "'"))
                .collect::<Vec<_>>()
        })
        .filter(|w| w.len() >= QUOTE_WORDS)
        .collect();
    out.figures = match &doc.layers.figures {
        Some(figures) => figures
            .iter()
            .filter(|f| f.equivalent_of.is_none())
            .map(figure_term)
            .collect(),
        None => {
            let mut numbers = Vec::new();
            for word in words(&doc.text) {
                if word.text.starts_with(|c: char| c.is_ascii_digit()) {
                    terms_of(word.text, &mut numbers);
                }
            }
            numbers.retain(|n| n.starts_with(|c: char| c.is_ascii_digit()));
            numbers
        }
    };
    out.figures.sort_unstable();
    out.figures.dedup();
    out
}

fn normalised(vector: &[f32]) -> Vec<f32> {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter().map(|x| x / norm).collect()
    } else {
        vector.to_vec()
    }
}

/// Text between matching quotation marks (curly or straight double quotes), without a quotes
/// layer.
fn quoted_passages(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        match (open, c) {
            (None, '“') => open = Some((at + c.len_utf8(), '”')),
            (None, '"') => open = Some((at + 1, '"')),
            (Some((start, close)), c) if c == close => {
                out.push(&text[start..at]);
                open = None;
            }
            (Some(_), '\n') => open = None,
            _ => {}
        }
    }
    out
}

/// How one report retells another: the shorter report's compared sentences, how many have a
/// close counterpart, how many of those keep the other's order, and the quotes and figures
/// both carry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Retelling {
    pub sentences: usize,
    pub matched: usize,
    /// Matched sentences in the other's order (the longest increasing run of positions).
    pub in_order: usize,
    /// Share of pairs of matched sentences in the same order in both (Kendall's concordance):
    /// a paragraph moved elsewhere costs little, a shuffle brings it to about one half.
    pub concordance: f32,
    pub quotes: usize,
    pub figures: usize,
}

impl Retelling {
    /// Share of the shorter report's sentences with a counterpart.
    pub(crate) fn coverage(&self) -> f32 {
        self.matched as f32 / self.sentences.max(1) as f32
    }

    /// True when the retelling makes a rewrite: most sentences retold, in the same order.
    pub(crate) fn is_rewrite(&self) -> bool {
        self.matched >= MIN_MATCHED
            && self.coverage() >= MIN_COVERAGE
            && self.concordance >= MIN_ORDER
    }

    /// The evidence a reader sees, e.g. "9 of 11 sentences reworded in the same order; 3
    /// shared quotes".
    pub(crate) fn evidence(&self) -> String {
        let mut out = if self.in_order == self.matched {
            format!(
                "{} of {} sentences reworded in the same order",
                self.matched, self.sentences
            )
        } else {
            format!(
                "{} of {} sentences reworded, {} of them in the same order",
                self.matched, self.sentences, self.in_order
            )
        };
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match (self.quotes, self.figures) {
            (0, 0) => {}
            (q, 0) => out.push_str(&format!("; {q} shared quote{}", plural(q))),
            (0, f) => out.push_str(&format!("; {f} shared figure{}", plural(f))),
            (q, f) => out.push_str(&format!(
                "; {q} shared quote{}, {f} shared figure{}",
                plural(q),
                plural(f)
            )),
        }
        out
    }
}

/// Compares two reports sentence by sentence; `neural` says whether their vectors come from
/// a neural encoder (lexical vectors add nothing to the content terms). Symmetric: the report
/// with fewer compared sentences is the one retold.
pub(crate) fn compare(a: &Sentences, b: &Sentences, neural: bool) -> Retelling {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let vectors = match (&short.vectors, &long.vectors) {
        (Some(s), Some(l)) if neural => Some((s, l)),
        _ => None,
    };
    let mut close: Vec<(f32, usize, usize)> = Vec::new();
    for i in 0..short.len() {
        for j in 0..long.len() {
            let similarity = match vectors {
                Some((s, l)) => dot(&s[i], &l[j]),
                None => dice(&short.terms[i], &long.terms[j]),
            };
            let floor = if vectors.is_some() {
                CLOSE_COSINE
            } else {
                CLOSE_TERMS
            };
            if similarity >= floor {
                close.push((similarity, i, j));
            }
        }
    }
    // One-to-one: the closest pairs first.
    close.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut counterpart: Vec<Option<usize>> = vec![None; short.len()];
    let mut taken = vec![false; long.len()];
    for (_, i, j) in close {
        if counterpart[i].is_none() && !taken[j] {
            counterpart[i] = Some(j);
            taken[j] = true;
        }
    }
    let positions: Vec<usize> = counterpart.iter().flatten().copied().collect();
    Retelling {
        sentences: short.len(),
        matched: positions.len(),
        in_order: longest_increasing(&positions),
        concordance: concordance(&positions),
        quotes: short
            .quotes
            .iter()
            .filter(|q| long.quotes.iter().any(|o| shares_run(q, o)))
            .count(),
        figures: short
            .figures
            .iter()
            .filter(|f| long.figures.binary_search(f).is_ok())
            .count(),
    }
}

/// Dice coefficient of two sorted unique term lists.
fn dice(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
    2.0 * common as f32 / (a.len() + b.len()) as f32
}

/// True when two quotes share [`QUOTE_WORDS`] words in a row.
fn shares_run(a: &[String], b: &[String]) -> bool {
    a.windows(QUOTE_WORDS)
        .any(|run| b.windows(QUOTE_WORDS).any(|other| other == run))
}

/// Share of pairs of matched sentences in the same order in both reports (Kendall's
/// concordance: 1 for the same order, about 0.5 for a shuffle).
fn concordance(positions: &[usize]) -> f32 {
    let mut pairs = 0usize;
    let mut concordant = 0usize;
    for (k, &x) in positions.iter().enumerate() {
        for &y in &positions[k + 1..] {
            pairs += 1;
            concordant += usize::from(x < y);
        }
    }
    if pairs == 0 {
        return 1.0;
    }
    concordant as f32 / pairs as f32
}

/// Length of the longest strictly increasing subsequence (patience sorting).
fn longest_increasing(values: &[usize]) -> usize {
    let mut tails: Vec<usize> = Vec::new();
    for &v in values {
        match tails.binary_search(&v) {
            Ok(_) => {}
            Err(at) if at == tails.len() => tails.push(v),
            Err(at) => tails[at] = v,
        }
    }
    tails.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concordance_of_orders() {
        assert_eq!(concordance(&[0, 1, 2, 3]), 1.0);
        assert_eq!(concordance(&[3, 2, 1, 0]), 0.0);
        // The last paragraph moved first: 3 of 6 pairs out of order.
        assert_eq!(concordance(&[3, 0, 1, 2]), 0.5);
        assert_eq!(concordance(&[0, 1, 3, 2]), 5.0 / 6.0);
    }

    #[test]
    fn longest_increasing_run() {
        assert_eq!(longest_increasing(&[]), 0);
        assert_eq!(longest_increasing(&[0, 1, 2, 3]), 4);
        assert_eq!(longest_increasing(&[3, 2, 1, 0]), 1);
        assert_eq!(longest_increasing(&[0, 5, 1, 2, 9, 3]), 4);
    }

    #[test]
    fn quoted_passages_pair_their_marks() {
        let text = "He said “we will stay the course”, then \"no more\" and “open\nline";
        assert_eq!(
            quoted_passages(text),
            vec!["we will stay the course", "no more"]
        );
    }

    #[test]
    fn evidence_reads_as_a_sentence() {
        let retelling = Retelling {
            sentences: 16,
            matched: 14,
            in_order: 14,
            concordance: 1.0,
            quotes: 3,
            figures: 1,
        };
        assert!(retelling.is_rewrite());
        assert_eq!(
            retelling.evidence(),
            "14 of 16 sentences reworded in the same order; 3 shared quotes, 1 shared figure"
        );
        let shuffled = Retelling {
            in_order: 8,
            concordance: 0.6,
            ..retelling
        };
        assert!(!shuffled.is_rewrite());
        assert!(shuffled
            .evidence()
            .starts_with("14 of 16 sentences reworded, 8 of them"));
    }
}
