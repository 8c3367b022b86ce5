//! The claim model's training rows: every clause pair of two annotated sentences of a gold
//! story, labelled by whether the two sentences share a fact.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use corroborate_core::Document;
use corroborate_story::ClausePair;
use serde::Serialize;

use super::{gold_documents, ClaimsGold, GoldAnchor, GoldStory};
use crate::EvalError;

/// A clause pair of two annotated sentences of a gold story, with its gold label: what the
/// claim model is trained on (`corroborate eval claims --pairs-out FILE`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelledPair {
    pub story: String,
    pub tuning: bool,
    /// Article id and sentence index of each side.
    pub a: (String, usize),
    pub b: (String, usize),
    /// The two clauses' text.
    pub text: (String, String),
    /// The two sentences share a fact.
    pub label: bool,
    pub features: Vec<f32>,
    pub probability: f32,
}

/// The facts each annotated sentence states, keyed by article id and sentence index (anchors
/// not found in the text are left out).
fn sentence_facts(
    gold: &GoldStory,
    docs: &[Document],
) -> BTreeMap<(String, usize), BTreeSet<String>> {
    let mut out: BTreeMap<(String, usize), BTreeSet<String>> = BTreeMap::new();
    let sentence_of = |anchor: &GoldAnchor| {
        let doc = docs.iter().find(|d| d.id == anchor.article)?;
        let at = doc.text.find(&anchor.anchor)?;
        doc.sentences()
            .iter()
            .position(|s| s.span.start() <= at && at < s.span.end())
    };
    for fact in &gold.facts {
        for mention in &fact.mentions {
            if let Some(s) = sentence_of(mention) {
                out.entry((mention.article.clone(), s))
                    .or_default()
                    .insert(fact.id.clone());
            }
        }
    }
    for single in &gold.single {
        if let Some(s) = sentence_of(single) {
            out.entry((single.article.clone(), s)).or_default();
        }
    }
    out
}

/// The clause pairs whose sentences are both annotated, labelled with the gold.
pub fn label_pairs(gold: &GoldStory, docs: &[Document], pairs: &[ClausePair]) -> Vec<LabelledPair> {
    let facts = sentence_facts(gold, docs);
    pairs
        .iter()
        .filter_map(|pair| {
            let a = (pair.a.article.clone(), pair.a.sentence);
            let b = (pair.b.article.clone(), pair.b.sentence);
            let (fa, fb) = (facts.get(&a)?, facts.get(&b)?);
            let text = |c: &corroborate_story::ClauseRef| {
                docs.iter()
                    .find(|d| d.id == c.article)
                    .and_then(|d| d.text.get(c.span.range()))
                    .unwrap_or_default()
                    .to_string()
            };
            Some(LabelledPair {
                text: (text(&pair.a), text(&pair.b)),
                story: gold.id.clone(),
                tuning: gold.tuning,
                label: !fa.is_disjoint(fb),
                a,
                b,
                features: pair.features.clone(),
                probability: pair.probability,
            })
        })
        .collect()
}

/// Labels the clause pairs of every gold story: `pairs` annotates the (uncleaned) documents,
/// as [`eval_claims`]' `align` does, and returns them with their clause pairs.
pub fn labelled_pairs(
    gold: &ClaimsGold,
    shared: &Path,
    pairs: &dyn Fn(Vec<Document>) -> (Vec<Document>, Vec<ClausePair>),
) -> Result<Vec<LabelledPair>, EvalError> {
    let mut out = Vec::new();
    for (story, docs) in gold_documents(gold, shared)? {
        let (docs, clause_pairs) = pairs(docs);
        out.extend(label_pairs(story, &docs, &clause_pairs));
    }
    Ok(out)
}
