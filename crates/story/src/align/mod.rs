//! Claim alignment within a story: clauses that state the same fact across outlets become
//! one claim, with its support cited; claims are corroborated (two or more independent
//! sources), single-source or conflicting; per article coverage and a similarity matrix.

mod claims;
mod score;
mod units;
pub(crate) mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use corroborate_core::{
    Claim, ClaimStatus, Conflict, Coverage, DerivedFrom, Document, Story, Support,
};

use crate::group::{similarity, GroupOptions};
use crate::profile::profiles;
use claims::cluster;
use score::Scorer;
use units::{units_of, Terms};

pub(crate) use score::dot;
pub use score::CLAIM_FEATURES;
pub use values::TOLERANCE;

use crate::pair::PairModel;
use corroborate_core::Span;

/// Settings of [`align`]. Two thresholds: sentence vectors from a neural encoder
/// (all-MiniLM-L6-v2) capture paraphrase and carry most of the score; lexical fallback vectors
/// add little to the content-word overlap.
#[derive(Clone, Debug, PartialEq)]
pub struct AlignOptions {
    /// True when `layers.vectors` come from a neural encoder.
    pub neural: bool,
    /// Score from which two clauses state the same fact, with neural vectors.
    pub threshold_neural: f32,
    /// The same, with lexical vectors or none.
    pub threshold_lexical: f32,
    /// Weight of the (rescaled) vector cosine in the score, neural vectors.
    pub vector_weight_neural: f32,
    /// Weight of the vector cosine in the score, lexical vectors.
    pub vector_weight_lexical: f32,
    /// Share of the threshold the average score between two groups of clauses must reach for
    /// them to merge (guards against drifting chains).
    pub linkage: f32,
    /// Share of the threshold from which a contradiction between two clauses is reported.
    pub conflict_share: f32,
    /// Content words a clause needs to make a claim.
    pub min_terms: usize,
    /// Share of the threshold a clause's average score to a claim's members must reach for it
    /// to support that claim too (a sentence that states two facts supports two claims). 1.2
    /// was chosen on the seeds' claim gold: pair F1 0.581 -> 0.632 at precision 0.92; at 1.0
    /// precision fell to 0.86.
    pub attach: f32,
    /// Every pair of clauses of different articles that the claim model judges to share a
    /// fact ends in one claim ([`share_threshold`]); off, claims are the partition and what
    /// attaches to it only.
    pub share: bool,
    /// The sentence vectors place translations together (a multilingual encoder): two clauses
    /// of articles in different languages are scored by their vectors alone, as their words
    /// cannot overlap.
    pub crosslingual: bool,
}

impl Default for AlignOptions {
    fn default() -> AlignOptions {
        AlignOptions {
            neural: false,
            threshold_neural: 0.33,
            threshold_lexical: 0.3,
            vector_weight_neural: 0.4,
            vector_weight_lexical: 0.3,
            linkage: 0.75,
            conflict_share: 1.15,
            min_terms: 3,
            attach: 1.2,
            share: true,
            crosslingual: false,
        }
    }
}

/// Fills `story.claims`, `story.coverage` and `story.similarity` from the story's documents.
/// `docs` may hold more documents than the story: only those in `story.articles` are used (all
/// of them, in the given order, when `story.articles` is empty). Rewrites listed in
/// `derived_from` count once towards a claim's independent sources, as do articles of one
/// outlet.
pub fn align(
    story: &mut Story,
    docs: &[&Document],
    derived_from: &BTreeMap<String, DerivedFrom>,
    opts: &AlignOptions,
) {
    if story.articles.is_empty() {
        story.articles = docs.iter().map(|d| d.id.clone()).collect();
    }
    let docs = story_docs(story, docs);
    let units = story_units(&docs);
    let (scorer, eligible) = ranked_scorer(&units, &docs, opts);
    let (groups, conflicts) = cluster(&units, &eligible, &scorer);
    let source_of = sources(&docs, derived_from);

    // Order claims by independent sources, then supporting articles, then earliest position.
    let mut ranked: Vec<(usize, usize, f32, usize, Vec<usize>)> = groups
        .into_iter()
        .map(|mut group| {
            group.sort_by_key(|&u| (units[u].article, units[u].sentence, units[u].span.start()));
            let independent = group
                .iter()
                .map(|&u| source_of[units[u].article])
                .collect::<BTreeSet<_>>()
                .len();
            let articles = group
                .iter()
                .map(|&u| units[u].article)
                .collect::<BTreeSet<_>>()
                .len();
            let position = group
                .iter()
                .map(|&u| units[u].position)
                .fold(f32::MAX, f32::min);
            (independent, articles, position, group[0], group)
        })
        .collect();
    ranked.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(y.1.cmp(&x.1))
            .then(x.2.total_cmp(&y.2))
            .then(x.3.cmp(&y.3))
    });
    let mut claim_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (c, entry) in ranked.iter().enumerate() {
        for &u in &entry.4 {
            claim_of.entry(u).or_insert(c);
        }
    }
    let mut claims: Vec<Claim> = ranked
        .iter()
        .enumerate()
        .map(|(c, (independent, _, _, _, group))| {
            let support: Vec<Support> = group
                .iter()
                .map(|&u| Support {
                    article: docs[units[u].article].id.clone(),
                    sentence: units[u].sentence,
                    span: units[u].span,
                    text: scorer.text(&units[u]).to_string(),
                })
                .collect();
            let differs_in_detail = group.iter().enumerate().find_map(|(k, &a)| {
                group[k + 1..]
                    .iter()
                    .find_map(|&b| scorer.detail(&units[a], &units[b]))
            });
            Claim {
                id: format!("c{}", c + 1),
                status: if *independent >= 2 {
                    ClaimStatus::Corroborated
                } else {
                    ClaimStatus::SingleSource
                },
                text: support
                    .get(central(group, &units, &scorer))
                    .map(|s| s.text.clone())
                    .unwrap_or_default(),
                independent_sources: *independent,
                support,
                conflicts: Vec::new(),
                differs_in_detail,
            }
        })
        .collect();
    for conflict in conflicts {
        let (Some(&ca), Some(&cb)) = (claim_of.get(&conflict.a), claim_of.get(&conflict.b)) else {
            continue;
        };
        if ca == cb {
            continue;
        }
        for (from, to) in [(ca, cb), (cb, ca)] {
            let other = format!("c{}", to + 1);
            let known = claims[from]
                .conflicts
                .iter()
                .any(|c| c.claim == other && c.kind == conflict.kind);
            if !known {
                claims[from].conflicts.push(Conflict {
                    claim: other,
                    kind: conflict.kind,
                    detail: conflict.detail.clone(),
                });
                claims[from].status = ClaimStatus::Conflicting;
            }
        }
    }
    story.coverage = coverage(&docs, &claims);
    story.similarity = similarity_matrix(&docs, opts);
    story.claims = claims;
}

/// The story's documents in `story.articles` order.
fn story_docs<'a>(story: &Story, docs: &[&'a Document]) -> Vec<&'a Document> {
    story
        .articles
        .iter()
        .filter_map(|id| docs.iter().find(|d| &d.id == id).copied())
        .collect()
}

fn story_units(docs: &[&Document]) -> Vec<units::Unit> {
    let mut terms = Terms::default();
    docs.iter()
        .enumerate()
        .flat_map(|(a, doc)| units_of(doc, a, &mut terms))
        .collect()
}

/// The scorer of a story's clauses, with every eligible pair scored and ranked, and the
/// eligible clauses (those with enough content words to make a claim).
fn ranked_scorer<'a>(
    units: &[units::Unit],
    docs: &'a [&'a Document],
    opts: &'a AlignOptions,
) -> (Scorer<'a>, Vec<usize>) {
    let mut scorer = Scorer::new(units, docs, opts);
    let eligible: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].terms.len() >= opts.min_terms)
        .collect();
    scorer.rank(units, &eligible);
    (scorer, eligible)
}

/// The bundled claim model for the encoder in force: whether two clauses share a fact.
/// Trained on hand-annotated stories (`scripts/train-claim-model.sh`), one model per kind of
/// sentence vector, as their cosines are not alike.
pub(crate) fn claim_model(opts: &AlignOptions) -> &'static PairModel {
    static NEURAL: OnceLock<PairModel> = OnceLock::new();
    static MULTILINGUAL: OnceLock<PairModel> = OnceLock::new();
    static LEXICAL: OnceLock<PairModel> = OnceLock::new();
    let (cell, text) = match (opts.neural, opts.crosslingual) {
        (true, false) => (&NEURAL, include_str!("claim-neural.json")),
        (true, true) => (&MULTILINGUAL, include_str!("claim-multilingual.json")),
        (false, _) => (&LEXICAL, include_str!("claim-lexical.json")),
    };
    cell.get_or_init(|| {
        serde_json::from_str::<PairModel>(text)
            .ok()
            .and_then(|m| m.in_order(CLAIM_FEATURES))
            .unwrap_or_else(claim_fallback)
    })
}

/// The probability of [`ClausePair::probability`] from which two clauses share a fact (and
/// end in one claim).
pub fn share_threshold(opts: &AlignOptions) -> f32 {
    claim_model(opts).threshold
}

/// Used only if a bundled claim model does not match the features (a build whose features
/// changed without retraining): weighted overlap and how much of the smaller clause is shared.
fn claim_fallback() -> PairModel {
    PairModel::hand_set(
        CLAIM_FEATURES,
        &["lexical", "containment"],
        (0.3, 0.15),
        -3.0,
    )
}

/// One clause of a story's article.
#[derive(Clone, Debug, PartialEq)]
pub struct ClauseRef {
    pub article: String,
    /// Index into the article's sentences.
    pub sentence: usize,
    pub span: Span,
}

/// Two clauses of different articles as the claim model sees them.
#[derive(Clone, Debug, PartialEq)]
pub struct ClausePair {
    pub a: ClauseRef,
    pub b: ClauseRef,
    /// In [`CLAIM_FEATURES`] order.
    pub features: Vec<f32>,
    /// The bundled model's probability that the two share a fact.
    pub probability: f32,
}

/// Every pair of clauses of different articles that [`align`] would compare (each clause with
/// enough content words to make a claim), with its features: what the claim model is trained
/// and evaluated on.
pub fn clause_pairs(story: &Story, docs: &[&Document], opts: &AlignOptions) -> Vec<ClausePair> {
    let docs = if story.articles.is_empty() {
        docs.to_vec()
    } else {
        story_docs(story, docs)
    };
    let units = story_units(&docs);
    let (scorer, eligible) = ranked_scorer(&units, &docs, opts);
    let clause = |u: &units::Unit| ClauseRef {
        article: docs[u.article].id.clone(),
        sentence: u.sentence,
        span: u.span,
    };
    let mut out = Vec::new();
    for (x, &i) in eligible.iter().enumerate() {
        for &j in &eligible[x + 1..] {
            let (a, b) = (&units[i], &units[j]);
            if a.article == b.article {
                continue;
            }
            let features = scorer.features(&units, i, j);
            out.push(ClausePair {
                a: clause(a),
                b: clause(b),
                probability: scorer.share(&units, i, j),
                features: features.to_vec(),
            });
        }
    }
    out
}

/// The member that best represents a claim: the highest mean score to the other members (the
/// first on a tie), so a loosely joined outlier never speaks for the claim.
/// A claim stated in English and in other languages is shown in English (the report's and
/// the brief's language): only its English members are candidates then.
fn central(group: &[usize], units: &[units::Unit], scorer: &Scorer) -> usize {
    let english: Vec<bool> = group
        .iter()
        .map(|&u| scorer.language(&units[u]) == Some("en"))
        .collect();
    let foreign = group
        .iter()
        .any(|&u| scorer.language(&units[u]).is_some_and(|l| l != "en"));
    let only_english = foreign && english.contains(&true);
    let candidate = |k: usize| !only_english || english[k];
    if group.len() < 3 {
        return (0..group.len()).find(|&k| candidate(k)).unwrap_or(0);
    }
    let mut best = (f32::MIN, 0);
    for (k, &a) in group.iter().enumerate().filter(|&(k, _)| candidate(k)) {
        let total: f32 = group
            .iter()
            .filter(|&&b| b != a)
            .map(|&b| scorer.score(&units[a], &units[b]).min(1.0))
            .sum();
        if total > best.0 + 1e-6 {
            best = (total, k);
        }
    }
    best.1
}

/// The independent source of each article: its root original (following `derived_from`),
/// merged with other articles of the same outlet.
fn sources(docs: &[&Document], derived_from: &BTreeMap<String, DerivedFrom>) -> Vec<usize> {
    let index_of = |id: &str| docs.iter().position(|d| d.id == id);
    let root = |mut a: usize| {
        for _ in 0..docs.len() {
            match derived_from
                .get(&docs[a].id)
                .and_then(|d| index_of(&d.article))
            {
                Some(original) if original != a => a = original,
                _ => break,
            }
        }
        a
    };
    let mut source: Vec<usize> = (0..docs.len()).map(root).collect();
    let mut outlet_source: BTreeMap<String, usize> = BTreeMap::new();
    for a in 0..docs.len() {
        let Some(outlet) = docs[a].meta.outlet.as_deref().map(str::to_lowercase) else {
            continue;
        };
        let first = *outlet_source.entry(outlet).or_insert(source[a]);
        let own = source[a];
        for s in source.iter_mut() {
            if *s == own {
                *s = first;
            }
        }
    }
    source
}

fn coverage(docs: &[&Document], claims: &[Claim]) -> Vec<Coverage> {
    docs.iter()
        .map(|doc| {
            let reports = |claim: &Claim| claim.support.iter().any(|s| s.article == doc.id);
            Coverage {
                article: doc.id.clone(),
                alone: claims
                    .iter()
                    .filter(|c| {
                        c.status != ClaimStatus::Corroborated
                            && c.support.iter().all(|s| s.article == doc.id)
                    })
                    .map(|c| c.id.clone())
                    .collect(),
                omits: claims
                    .iter()
                    .filter(|c| c.status == ClaimStatus::Corroborated && !reports(c))
                    .map(|c| c.id.clone())
                    .collect(),
            }
        })
        .collect()
}

fn similarity_matrix(docs: &[&Document], opts: &AlignOptions) -> Vec<Vec<f32>> {
    let (profiles, _) = profiles(docs.iter().copied());
    let group_opts = GroupOptions {
        neural: opts.neural,
        ..GroupOptions::default()
    };
    (0..docs.len())
        .map(|i| {
            (0..docs.len())
                .map(|j| {
                    if i == j {
                        1.0
                    } else {
                        similarity(&profiles[i], &profiles[j], &group_opts)
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_claim_models_read_every_feature() {
        for (neural, crosslingual) in [(true, false), (true, true), (false, false)] {
            let opts = AlignOptions {
                neural,
                crosslingual,
                ..AlignOptions::default()
            };
            let model = claim_model(&opts);
            assert_ne!(model.trained_on, "fallback", "{neural} {crosslingual}");
            assert_eq!(model.features, CLAIM_FEATURES);
            assert!(
                (0.5..0.95).contains(&model.threshold),
                "{}",
                model.threshold
            );
            // Overlap and rank push towards "shares a fact".
            for name in ["lexical", "relative_max"] {
                let i = CLAIM_FEATURES.iter().position(|f| *f == name).unwrap_or(0);
                assert!(model.weights[i] > 0.0, "{name}: {model:?}");
            }
        }
    }
}
