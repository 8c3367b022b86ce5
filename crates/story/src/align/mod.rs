//! Claim alignment within a story: clauses that state the same fact across outlets become
//! one claim, with its support cited; claims are corroborated (two or more independent
//! sources), single-source or conflicting; per article coverage and a similarity matrix.

mod claims;
mod score;
mod units;
pub(crate) mod values;

use std::collections::{BTreeMap, BTreeSet};

use corroborate_core::{
    Claim, ClaimStatus, Conflict, Coverage, DerivedFrom, Document, Story, Support,
};

use crate::group::{similarity, GroupOptions};
use crate::profile::profiles;
use claims::cluster;
use score::Scorer;
use units::{units_of, Terms};

pub(crate) use score::dot;
pub use values::TOLERANCE;

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
    let docs: Vec<&Document> = story
        .articles
        .iter()
        .filter_map(|id| docs.iter().find(|d| &d.id == id).copied())
        .collect();
    let mut terms = Terms::default();
    let units: Vec<units::Unit> = docs
        .iter()
        .enumerate()
        .flat_map(|(a, doc)| units_of(doc, a, &mut terms))
        .collect();
    let scorer = Scorer::new(&units, &docs, opts);
    let eligible: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].terms.len() >= opts.min_terms)
        .collect();
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
