//! What the pairwise judgement looks at: sentence vectors, a soft alignment of both
//! sentences' content words through their contextual word vectors, exact term overlap, names,
//! figures, negation and length. Each feature is a number; [`Evidence`] keeps what a reader
//! needs to see why.

use corroborate_core::{Span, WordVector};

use crate::align::dot;
use crate::align::values::{agree, same_slot, scan, Value};
use crate::terms::{terms_of, words};

/// Cosine from which two words' contextual vectors count as the same word.
const WORD_MATCH: f32 = 0.62;

/// Feature names, in the order of [`Features::values`] (the model files list them too).
pub const FEATURE_NAMES: &[&str] = &[
    "cosine",
    "soft_min",
    "soft_mean",
    "unaligned",
    "lexical_min",
    "lexical_mean",
    "bigrams",
    "names_missing",
    "names_shared",
    "figures_agree",
    "figures_conflict",
    "figures_missing",
    "negation_differs",
    "length_ratio",
    "cross",
];

/// Index of the `cross` feature: the log-odds of the cross-encoder that reads both sentences
/// together. [`features`] leaves it 0; the caller that ran the cross-encoder sets it with
/// [`Features::set_cross`].
pub const CROSS: usize = FEATURE_NAMES.len() - 1;

/// One sentence as the judgement sees it.
#[derive(Clone, Copy, Debug)]
pub struct PairSentence<'a> {
    pub text: &'a str,
    /// The sentence vector (L2-normalised), when an encoder gave one.
    pub vector: Option<&'a [f32]>,
    /// Contextual word vectors with offsets into `text` (empty without a neural encoder).
    pub words: &'a [WordVector],
}

/// A content word: its terms, offsets and whether it is written as a name.
#[derive(Clone, Debug)]
struct Content {
    terms: Vec<String>,
    start: usize,
    end: usize,
    name: bool,
}

fn content_words(text: &str) -> Vec<Content> {
    let mut out = Vec::new();
    for word in words(text) {
        let mut terms = Vec::new();
        terms_of(word.text, &mut terms);
        if terms.is_empty() {
            continue;
        }
        out.push(Content {
            terms,
            start: word.start,
            end: word.end,
            name: word.is_name(),
        });
    }
    out
}

/// The features of a pair and the evidence behind them.
#[derive(Clone, Debug, Default)]
pub struct Features {
    pub values: Vec<f32>,
    pub evidence: Evidence,
}

impl Features {
    /// Records the cross-encoder's log-odds for the pair.
    pub fn set_cross(&mut self, logit: f32) {
        if let Some(v) = self.values.get_mut(CROSS) {
            *v = logit;
        }
        self.evidence.cross = Some(logit);
    }
}

/// What a reader is shown: shared and missing words and names, figures, negation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    pub cosine: Option<f32>,
    pub shared_names: Vec<String>,
    /// Names each side states that the other does not.
    pub names_only_a: Vec<String>,
    pub names_only_b: Vec<String>,
    /// Content words matched exactly or through their contextual vectors (from side a).
    pub shared_words: Vec<String>,
    /// Content words of each side with no counterpart on the other.
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
    pub figures_agree: Vec<(String, String)>,
    pub figures_conflict: Vec<(String, String)>,
    pub figures_only: Vec<String>,
    pub negation_differs: bool,
    /// The cross-encoder's log-odds that both say the same, when it ran.
    pub cross: Option<f32>,
}

/// How well each content word of `from` finds a counterpart in `to`: an exact shared term, or
/// (with word vectors) the most similar contextual word. Returns per-word scores in 0..1.
fn recall(
    from: &[Content],
    to: &[Content],
    from_vectors: &[Option<&[f32]>],
    to_vectors: &[Option<&[f32]>],
) -> Vec<f32> {
    from.iter()
        .zip(from_vectors)
        .map(|(word, vector)| {
            let exact = to
                .iter()
                .any(|other| other.terms.iter().any(|t| word.terms.contains(t)));
            if exact {
                return 1.0;
            }
            let Some(v) = vector else { return 0.0 };
            to_vectors
                .iter()
                .flatten()
                .map(|w| dot(v, w))
                .fold(0.0f32, f32::max)
        })
        .collect()
}

/// The contextual vector of each content word: the encoder word that covers its start.
fn vectors_of<'a>(content: &[Content], words: &'a [WordVector]) -> Vec<Option<&'a [f32]>> {
    content
        .iter()
        .map(|c| {
            words
                .iter()
                .find(|w| w.start <= c.start && c.start < w.end.max(w.start + 1))
                .or_else(|| words.iter().find(|w| w.start >= c.start && w.start < c.end))
                .map(|w| w.vector.as_slice())
        })
        .collect()
}

fn bigrams(content: &[Content]) -> Vec<(String, String)> {
    content
        .windows(2)
        .filter_map(|w| Some((w[0].terms.last()?.clone(), w[1].terms.first()?.clone())))
        .collect()
}

fn values_of(text: &str) -> Vec<Value> {
    scan(text, Span::from_offsets(0, text.len())).0
}

const NEGATIONS: &[&str] = &["not", "never", "no", "n't", "nobody", "nothing", "none"];

fn negations(text: &str) -> usize {
    let lower = text.to_lowercase().replace('’', "'");
    let mut count = lower.matches("n't").count();
    for word in words(&lower) {
        if NEGATIONS.contains(&word.text) {
            count += 1;
        }
    }
    count
}

fn mean(values: &[f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().sum::<f32>() / values.len() as f32
}

/// What the judgement needs of one sentence, computed once however many pairs it is in.
#[derive(Clone, Debug)]
pub struct Prepared<'a> {
    text: &'a str,
    vector: Option<&'a [f32]>,
    content: Vec<Content>,
    vectors: Vec<Option<&'a [f32]>>,
    bigrams: Vec<(String, String)>,
    names: Vec<String>,
    terms: Vec<String>,
    values: Vec<Value>,
    negations: usize,
}

/// Prepares one sentence for [`compare`].
pub fn prepare<'a>(s: &PairSentence<'a>) -> Prepared<'a> {
    let content = content_words(s.text);
    let vectors = vectors_of(&content, s.words);
    let mut names: Vec<String> = content
        .iter()
        .filter(|w| w.name)
        .map(|w| w.terms.join(" "))
        .collect();
    names.sort();
    names.dedup();
    let terms = content
        .iter()
        .flat_map(|w| w.terms.iter().cloned())
        .collect();
    Prepared {
        text: s.text,
        vector: s.vector,
        bigrams: bigrams(&content),
        vectors,
        names,
        terms,
        values: values_of(s.text),
        negations: negations(s.text),
        content,
    }
}

/// The features of the pair (a, b). Symmetric in a and b except for the evidence's sides.
pub fn features(a: &PairSentence, b: &PairSentence) -> Features {
    compare(&prepare(a), &prepare(b))
}

/// [`features`] of two prepared sentences.
pub fn compare(a: &Prepared, b: &Prepared) -> Features {
    let (ca, cb) = (&a.content, &b.content);
    let (va, vb) = (&a.vectors, &b.vectors);
    let (ra, rb) = (recall(ca, cb, va, vb), recall(cb, ca, vb, va));
    let soft = |r: &[f32]| if r.is_empty() { 0.0 } else { mean(r) };
    let (soft_a, soft_b) = (soft(&ra), soft(&rb));
    let exact = |from: &[Content], to: &[Content]| {
        if from.is_empty() {
            return 0.0;
        }
        from.iter()
            .filter(|w| {
                to.iter()
                    .any(|o| o.terms.iter().any(|t| w.terms.contains(t)))
            })
            .count() as f32
            / from.len() as f32
    };
    let (lex_a, lex_b) = (exact(ca, cb), exact(cb, ca));
    let unaligned_a: Vec<&Content> = ca
        .iter()
        .zip(&ra)
        .filter(|(_, &r)| r < WORD_MATCH)
        .map(|(w, _)| w)
        .collect();
    let unaligned_b: Vec<&Content> = cb
        .iter()
        .zip(&rb)
        .filter(|(_, &r)| r < WORD_MATCH)
        .map(|(w, _)| w)
        .collect();
    let (ba, bb) = (&a.bigrams, &b.bigrams);
    let shared_bigrams = ba.iter().filter(|g| bb.contains(g)).count();
    let bigram_score = if ba.is_empty() || bb.is_empty() {
        0.0
    } else {
        shared_bigrams as f32 / (ba.len().min(bb.len()) as f32)
    };

    let (na, nb) = (&a.names, &b.names);
    let (ta, tb) = (&a.terms, &b.terms);
    let names_only_a: Vec<String> = na
        .iter()
        .filter(|n| !n.split(' ').all(|t| tb.iter().any(|x| x == t)))
        .cloned()
        .collect();
    let names_only_b: Vec<String> = nb
        .iter()
        .filter(|n| !n.split(' ').all(|t| ta.iter().any(|x| x == t)))
        .cloned()
        .collect();
    let shared_names: Vec<String> = na.iter().filter(|n| nb.contains(n)).cloned().collect();

    let (xa, xb) = (&a.values, &b.values);
    let mut figures_agree = Vec::new();
    let mut figures_conflict = Vec::new();
    let mut figures_only = Vec::new();
    for x in xa {
        let slot: Vec<&Value> = xb.iter().filter(|y| same_slot(x, y)).collect();
        if let Some(y) = slot.iter().find(|y| agree(x, y)) {
            figures_agree.push((a.text[x.span].to_string(), b.text[y.span].to_string()));
        } else if let Some(y) = slot.first() {
            figures_conflict.push((a.text[x.span].to_string(), b.text[y.span].to_string()));
        } else {
            figures_only.push(a.text[x.span].to_string());
        }
    }
    for y in xb {
        if !xa.iter().any(|x| same_slot(x, y)) {
            figures_only.push(b.text[y.span].to_string());
        }
    }
    let negation_differs = (a.negations % 2) != (b.negations % 2);
    let (la, lb) = (ca.len().max(1) as f32, cb.len().max(1) as f32);
    let cosine = match (a.vector, b.vector) {
        (Some(x), Some(y)) if x.len() == y.len() => Some(dot(x, y)),
        _ => None,
    };

    let values = vec![
        cosine.unwrap_or(0.0),
        soft_a.min(soft_b),
        0.5 * (soft_a + soft_b),
        ((unaligned_a.len() + unaligned_b.len()) as f32).ln_1p(),
        lex_a.min(lex_b),
        0.5 * (lex_a + lex_b),
        bigram_score,
        ((names_only_a.len() + names_only_b.len()) as f32).ln_1p(),
        (shared_names.len() as f32).ln_1p(),
        figures_agree.len().min(3) as f32,
        figures_conflict.len().min(3) as f32,
        figures_only.len().min(3) as f32,
        f32::from(u8::from(negation_differs)),
        la.min(lb) / la.max(lb),
        0.0,
    ];
    debug_assert_eq!(values.len(), FEATURE_NAMES.len());
    let word_text = |text: &str, w: &Content| text[w.start..w.end].to_string();
    let evidence = Evidence {
        cosine,
        shared_names,
        names_only_a,
        names_only_b,
        shared_words: ca
            .iter()
            .zip(&ra)
            .filter(|(w, &r)| r >= WORD_MATCH && !w.name)
            .map(|(w, _)| word_text(a.text, w))
            .collect(),
        only_a: unaligned_a.iter().map(|w| word_text(a.text, w)).collect(),
        only_b: unaligned_b.iter().map(|w| word_text(b.text, w)).collect(),
        figures_agree,
        figures_conflict,
        figures_only,
        negation_differs,
        cross: None,
    };
    Features { values, evidence }
}
