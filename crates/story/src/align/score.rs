//! How alike two clauses are (vector cosine, weighted content-word overlap, shared values and
//! quotes) and whether they contradict each other on one slot (number, date, negation,
//! attribution).

use std::collections::HashMap;

use corroborate_core::{numbers, ConflictKind, Document, FigureKind};

use super::units::Unit;
use super::values::{agree, one_number, same_slot, Value};
use super::AlignOptions;
use crate::pair::PairModel;

/// Extra weight of a term written as a name.
const NAME_WEIGHT: f32 = 1.5;
/// Weight of a term found only in the attribution ("according to X").
const ATTRIBUTION_WEIGHT: f32 = 0.3;
/// Bonus for each agreeing value (same slot), capped at two.
const VALUE_BONUS: f32 = 0.15;
/// Bonus for the same ordinal of the same thing ("third meeting" / "third session").
const ORDINAL_BONUS: f32 = 0.25;
/// Bonus for a shared quotation (four or more content words in common inside quotes).
const QUOTE_BONUS: f32 = 0.12;
/// Lexical overlap from which two clauses that differ only in negation contradict.
const NEGATION_OVERLAP: f32 = 0.55;

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The features of [`Scorer::features`], in order (the claim model files list them too).
pub const CLAIM_FEATURES: &[&str] = &[
    "cosine",
    "lexical",
    "containment",
    "shared",
    "names_shared",
    "figures_agree",
    "ordinals_agree",
    "quote_shared",
    "terms_min",
    "terms_max",
    "whole",
    "relative_min",
    "relative_max",
];

/// What two clauses share: their weighted terms, the weight in common, the names in common.
struct Overlap {
    total_a: f32,
    total_b: f32,
    common: f32,
    names: usize,
}

/// Scores clause pairs of one story.
pub(crate) struct Scorer<'a> {
    /// Inverse document frequency of each term over the story's clauses.
    pub idf: Vec<f32>,
    pub docs: &'a [&'a Document],
    pub opts: &'a AlignOptions,
    /// Whether two clauses share a fact ([`Scorer::share`]).
    model: &'static PairModel,
    /// The best score of a clause (index) with any clause of an article ([`Scorer::rank`]).
    best: HashMap<(usize, usize), f32>,
    /// The scores [`Scorer::rank`] computed, by clause indices (smaller first).
    scores: HashMap<(usize, usize), f32>,
}

impl Scorer<'_> {
    pub fn new<'a>(units: &[Unit], docs: &'a [&'a Document], opts: &'a AlignOptions) -> Scorer<'a> {
        let terms = units
            .iter()
            .flat_map(|u| u.terms.iter())
            .max()
            .map_or(0, |&m| m as usize + 1);
        let mut df = vec![0f32; terms];
        for unit in units {
            for &t in &unit.terms {
                df[t as usize] += 1.0;
            }
        }
        let n = units.len().max(1) as f32;
        let idf = df
            .iter()
            .map(|&d| ((n + 1.0) / (d + 0.5)).ln().max(0.1))
            .collect();
        Scorer {
            idf,
            docs,
            opts,
            model: super::claim_model(opts),
            best: HashMap::new(),
            scores: HashMap::new(),
        }
    }

    fn weight(&self, unit: &Unit, term: u32) -> f32 {
        let idf = self.idf.get(term as usize).copied().unwrap_or(1.0);
        if unit.attribution.binary_search(&term).is_ok() {
            idf * ATTRIBUTION_WEIGHT
        } else if unit.names.binary_search(&term).is_ok() {
            idf * NAME_WEIGHT
        } else {
            idf
        }
    }

    /// Weighted overlap of content terms (an Ochiai coefficient with IDF weights).
    pub fn lexical(&self, a: &Unit, b: &Unit) -> f32 {
        let overlap = self.overlap(a, b);
        if overlap.total_a == 0.0 || overlap.total_b == 0.0 {
            return 0.0;
        }
        overlap.common / (overlap.total_a * overlap.total_b).sqrt()
    }

    /// The weighted terms of two clauses and those they share.
    fn overlap(&self, a: &Unit, b: &Unit) -> Overlap {
        let total = |u: &Unit| u.terms.iter().map(|&t| self.weight(u, t)).sum::<f32>();
        let mut out = Overlap {
            total_a: total(a),
            total_b: total(b),
            common: 0.0,
            names: 0,
        };
        let (mut i, mut j) = (0, 0);
        while i < a.terms.len() && j < b.terms.len() {
            match a.terms[i].cmp(&b.terms[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let t = a.terms[i];
                    out.common += 0.5 * (self.weight(a, t) + self.weight(b, t));
                    if a.names.binary_search(&t).is_ok() && b.names.binary_search(&t).is_ok() {
                        out.names += 1;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        out
    }

    /// Cosine of the two sentence vectors, when both exist.
    pub fn vector(&self, a: &Unit, b: &Unit) -> Option<f32> {
        let va = self.docs[a.article]
            .layers
            .vectors
            .as_ref()?
            .get(a.vector?)?;
        let vb = self.docs[b.article]
            .layers
            .vectors
            .as_ref()?
            .get(b.vector?)?;
        // Vectors are L2-normalised (the layer's contract): the dot product is the cosine.
        Some(dot(va, vb))
    }

    /// The language of a clause's article, when known.
    pub fn language(&self, u: &Unit) -> Option<&str> {
        self.docs[u.article].meta.language.as_deref()
    }

    /// Whether two clauses come from articles in different languages.
    fn languages_differ(&self, a: &Unit, b: &Unit) -> bool {
        matches!((self.language(a), self.language(b)), (Some(x), Some(y)) if x != y)
    }

    /// How likely two clauses state the same fact, about 0..1.
    pub fn score(&self, a: &Unit, b: &Unit) -> f32 {
        let lexical = self.lexical(a, b);
        let across = self.opts.crosslingual && self.opts.neural && self.languages_differ(a, b);
        let mut score = match self.vector(a, b) {
            Some(v) if across => ((v - 0.25) / 0.75).clamp(0.0, 1.0),
            Some(v) if self.opts.neural => {
                let adjusted = ((v - 0.25) / 0.75).clamp(0.0, 1.0);
                // A clause shares its sentence's vector, which also speaks of the other clause.
                let w = if a.whole && b.whole {
                    self.opts.vector_weight_neural
                } else {
                    self.opts.vector_weight_neural / 2.0
                };
                w * adjusted + (1.0 - w) * lexical
            }
            Some(v) => {
                let w = self.opts.vector_weight_lexical;
                w * v.max(0.0) + (1.0 - w) * lexical
            }
            None => lexical,
        };
        let agreeing: Vec<&Value> = a
            .values
            .iter()
            .filter(|x| b.values.iter().any(|y| same_slot(x, y) && agree(x, y)))
            .take(2)
            .collect();
        for value in agreeing {
            score += if value.kind == FigureKind::Ordinal {
                ORDINAL_BONUS
            } else {
                VALUE_BONUS
            };
        }
        if shared(&a.quote_terms, &b.quote_terms) >= 4 {
            score += QUOTE_BONUS;
        }
        score
    }

    /// What the claim model reads of a clause pair, in [`CLAIM_FEATURES`] order: how alike the
    /// two are as a whole (vectors, overlap) and how much of the smaller one the other holds,
    /// since two sentences that share one fact often say much else besides.
    ///
    /// The last two say how the pair ranks among each clause's pairs with the other's
    /// article ([`Scorer::score`] over the best such score): a fact shared by two articles
    /// is most often each clause's best match there.
    pub fn features(&self, units: &[Unit], i: usize, j: usize) -> [f32; CLAIM_FEATURES.len()] {
        let (a, b) = (&units[i], &units[j]);
        let score = self.score_at(units, i, j);
        let relative = |x: usize, article: usize| {
            let best = self.best.get(&(x, article)).copied().unwrap_or(score);
            if best > 0.0 {
                (score / best).min(1.0)
            } else {
                0.0
            }
        };
        let (ra, rb) = (relative(i, b.article), relative(j, a.article));
        let Overlap {
            total_a,
            total_b,
            common,
            names,
        } = self.overlap(a, b);
        let smaller = total_a.min(total_b);
        let containment = if smaller > 0.0 { common / smaller } else { 0.0 };
        let lexical = if smaller > 0.0 {
            common / (total_a * total_b).sqrt()
        } else {
            0.0
        };
        let agree = |ordinal: bool| {
            a.values
                .iter()
                .filter(|x| (x.kind == FigureKind::Ordinal) == ordinal)
                .filter(|x| b.values.iter().any(|y| same_slot(x, y) && agree(x, y)))
                .count()
                .min(2) as f32
        };
        let count = |u: &Unit| (u.terms.len() as f32).ln_1p();
        [
            self.vector(a, b).unwrap_or(0.0),
            lexical,
            containment,
            common.ln_1p(),
            names.min(4) as f32,
            agree(false),
            agree(true),
            shared(&a.quote_terms, &b.quote_terms).min(8) as f32,
            count(a).min(count(b)),
            count(a).max(count(b)),
            f32::from(u8::from(a.whole && b.whole)),
            ra.min(rb),
            ra.max(rb),
        ]
    }

    /// Records, for each eligible clause and each other article, the best [`Scorer::score`]
    /// of the clause with a clause of that article (what [`Scorer::features`] ranks against).
    pub fn rank(&mut self, units: &[Unit], eligible: &[usize]) {
        self.best.clear();
        self.scores.clear();
        for (x, &i) in eligible.iter().enumerate() {
            for &j in &eligible[x + 1..] {
                let (a, b) = (&units[i], &units[j]);
                if a.article == b.article {
                    continue;
                }
                let score = self.score(a, b);
                self.scores.insert((i.min(j), i.max(j)), score);
                for (k, article) in [(i, b.article), (j, a.article)] {
                    let best = self.best.entry((k, article)).or_insert(score);
                    *best = best.max(score);
                }
            }
        }
    }

    /// [`Scorer::score`] of two clauses (indices into `units`), from what [`Scorer::rank`]
    /// kept when it scored them.
    pub fn score_at(&self, units: &[Unit], i: usize, j: usize) -> f32 {
        match self.scores.get(&(i.min(j), i.max(j))) {
            Some(&score) => score,
            None => self.score(&units[i], &units[j]),
        }
    }

    /// The claim model's probability that two clauses of different articles share a fact.
    /// Clauses of articles in different languages share no words: with a multilingual encoder
    /// they are judged by [`Scorer::score`] (their vectors) against its threshold, mapped so
    /// that the threshold falls on the model's.
    pub fn share(&self, units: &[Unit], i: usize, j: usize) -> f32 {
        let (a, b) = (&units[i], &units[j]);
        let across = self.opts.crosslingual && self.opts.neural && self.languages_differ(a, b);
        if !across {
            return self.model.probability(&self.features(units, i, j));
        }
        // A clause's best matches in the other article count, others fade fast (squared
        // ratio to the best, the model's `relative_min`): a translation is its line's best
        // match, a similar line is not.
        let features = self.features(units, i, j);
        let relative = features[CLAIM_FEATURES.len() - 2];
        let score = self.score_at(units, i, j) * relative * relative;
        let (threshold, bar) = (self.threshold(), self.share_threshold());
        if score >= threshold {
            bar + (1.0 - bar) * ((score - threshold) / threshold).min(1.0)
        } else {
            bar * (score / threshold).max(0.0)
        }
    }

    /// The probability from which two clauses share a fact.
    pub fn share_threshold(&self) -> f32 {
        self.model.threshold
    }

    /// The threshold for "same fact" in the current mode.
    pub fn threshold(&self) -> f32 {
        let vectors = self.docs.iter().all(|d| d.layers.vectors.is_some());
        if vectors && self.opts.neural {
            self.opts.threshold_neural
        } else {
            self.opts.threshold_lexical
        }
    }

    /// A contradiction between two clauses on the same slot, with a readable detail.
    pub fn conflict(&self, a: &Unit, b: &Unit) -> Option<(ConflictKind, String)> {
        let (ta, tb) = (self.text(a), self.text(b));
        for x in &a.values {
            let slot: Vec<_> = b.values.iter().filter(|y| same_slot(x, y)).collect();
            if slot.is_empty() || slot.iter().any(|y| agree(x, y)) {
                continue;
            }
            // Several values of one slot on either side: only a conflict when none agree.
            let others_agree = a
                .values
                .iter()
                .filter(|x2| same_slot(x, x2))
                .any(|x2| slot.iter().any(|y| agree(x2, y)));
            if others_agree {
                continue;
            }
            let y = slot[0];
            let detail = format!(
                "'{}' vs '{}'",
                &self.docs[a.article].text[x.span], &self.docs[b.article].text[y.span]
            );
            return Some((ConflictKind::Number, detail));
        }
        if let Some(detail) = self.date_conflict(a, b) {
            return Some((ConflictKind::Date, detail));
        }
        if let (Some(sa), Some(sb)) = (&a.speaker, &b.speaker) {
            let quote_overlap = shared(&a.quote_terms, &b.quote_terms);
            let smaller = a.quote_terms.len().min(b.quote_terms.len());
            if sa != sb && quote_overlap >= 3 && quote_overlap * 10 >= smaller * 6 {
                return Some((
                    ConflictKind::Attribution,
                    format!("the same words are attributed to {sa} and to {sb}"),
                ));
            }
        }
        if a.negated != b.negated
            && same_names(a, b)
            && !has_contrast(ta)
            && !has_contrast(tb)
            && self.lexical(a, b) >= NEGATION_OVERLAP
        {
            return Some((
                ConflictKind::Negation,
                format!("'{}' vs '{}'", short(ta), short(tb)),
            ));
        }
        None
    }

    fn date_conflict(&self, a: &Unit, b: &Unit) -> Option<String> {
        let (da, db) = (self.docs[a.article], self.docs[b.article]);
        if let (Some(la), Some(lb)) = (&da.layers.dates, &db.layers.dates) {
            let dates_in = |layer: &[corroborate_core::DateMention], unit: &Unit| {
                layer
                    .iter()
                    .filter(|d| unit.span.contains(d.span) && d.date.is_some())
                    .map(|d| (d.date, d.precision, d.span))
                    .collect::<Vec<_>>()
            };
            let (xa, xb) = (dates_in(la, a), dates_in(lb, b));
            if xa.len() == 1 && xb.len() == 1 && xa[0].1 == xb[0].1 && xa[0].0 != xb[0].0 {
                return Some(format!(
                    "'{}' vs '{}'",
                    &da.text[xa[0].2], &db.text[xb[0].2]
                ));
            }
            return None;
        }
        let weekdays = |unit: &Unit, doc: &Document| {
            let lower = doc.text[unit.span].to_lowercase();
            WEEKDAYS
                .iter()
                .filter(|d| lower.contains(*d))
                .copied()
                .collect::<Vec<_>>()
        };
        let (wa, wb) = (weekdays(a, da), weekdays(b, db));
        (wa.len() == 1 && wb.len() == 1 && wa[0] != wb[0])
            .then(|| format!("'{}' vs '{}'", wa[0], wb[0]))
    }

    /// A difference in detail between two clauses of one claim: values that agree but state
    /// different numbers ("164" / "at least 170", a range against a number inside it) or
    /// bounds pointing opposite ways, or a vague quantity against a number of the same unit.
    /// One number in another notation, rounded or qualified ("14%" / "14 per cent", "$23.8bn"
    /// / "$24bn", "more than €21 billion" / "€21bn") is none.
    pub fn detail(&self, a: &Unit, b: &Unit) -> Option<String> {
        let (da, db) = (self.docs[a.article], self.docs[b.article]);
        for x in a.values.iter().filter(|x| x.kind != FigureKind::Ordinal) {
            let agreeing = b.values.iter().filter(|y| same_slot(x, y) && agree(x, y));
            for y in agreeing {
                if !one_number(x, y) {
                    let (wx, wy) = (qualified(da, x), qualified(db, y));
                    return Some(format!("one says '{wx}', another '{wy}'"));
                }
            }
        }
        for (values, vague, dv, dq) in
            [(&a.values, &b.vague, da, db), (&b.values, &a.vague, db, da)]
        {
            for v in vague {
                if let Some(x) = values.iter().find(|x| x.unit == v.unit) {
                    return Some(format!(
                        "one says '{}', another '{}'",
                        &dv.text[x.span], &dq.text[v.span]
                    ));
                }
            }
        }
        None
    }

    pub fn text<'b>(&'b self, unit: &Unit) -> &'b str {
        &self.docs[unit.article].text[unit.span]
    }
}

/// A value's text with the qualifier written before it ("more than €21 billion"), so a
/// difference of qualifier shows in the detail.
fn qualified<'a>(doc: &'a Document, value: &Value) -> &'a str {
    let (_, from) = numbers::qualifier_before(&doc.text[..value.span.start()]);
    &doc.text[from..value.span.end()]
}

fn short(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 14 {
        return words.join(" ");
    }
    format!("{} …", words[..14].join(" "))
}

/// Size of the intersection of two sorted term lists.
pub(crate) fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Dot product of two vectors (eight lanes, so the compiler can vectorise it).
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (chunks_a, chunks_b) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (ca, cb) in chunks_a.zip(chunks_b) {
        for k in 0..8 {
            lanes[k] += ca[k] * cb[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// A negation contradicts only a statement about the same participants: "Ukraine has agreed"
/// and "Russia has not" are two facts, not one fact denied.
fn same_names(a: &Unit, b: &Unit) -> bool {
    let set = |names: &[u32]| {
        names
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<u32>>()
    };
    set(&a.names) == set(&b.names)
}

/// A clause that contrasts two parts ("X has agreed, but Y has not") carries its own
/// negation locally; comparing its polarity as a whole with another clause means nothing.
fn has_contrast(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        " but ",
        " while ",
        " whereas ",
        " although ",
        " though ",
        " instead ",
    ]
    .iter()
    .any(|marker| lower.contains(marker))
}
