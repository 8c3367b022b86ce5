//! The pairwise judgement: do two sentences state the same claim? A logistic model over
//! [`features`] (sentence vectors, a soft alignment of content words through contextual word
//! vectors, term overlap, names, figures, negation, length), trained on the Microsoft Research
//! Paraphrase Corpus (`scripts/train-pair-model.sh` reproduces the weights), so its score reads
//! as a probability. One model for neural vectors and one for the lexical mode.

mod features;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use features::{
    compare, features, prepare, Evidence, Features, PairSentence, Prepared, CROSS, FEATURE_NAMES,
};

/// A logistic model over standardised features.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct PairModel {
    /// Feature names, in order; must equal [`FEATURE_NAMES`].
    pub features: Vec<String>,
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
    pub weights: Vec<f32>,
    pub bias: f32,
    /// Probability from which a pair states the same claim.
    pub threshold: f32,
    /// How the weights were made (data, split, regularisation).
    #[serde(default)]
    pub trained_on: String,
}

impl PairModel {
    /// The bundled model for neural vectors (`neural`) or the lexical mode.
    pub fn bundled(neural: bool) -> &'static PairModel {
        static NEURAL: OnceLock<PairModel> = OnceLock::new();
        static LEXICAL: OnceLock<PairModel> = OnceLock::new();
        if neural {
            Self::parse(&NEURAL, include_str!("neural.json"))
        } else {
            Self::parse(&LEXICAL, include_str!("lexical.json"))
        }
    }

    /// The bundled model for neural vectors with the cross-encoder's log-odds
    /// ([`CROSS`]) among its features.
    pub fn bundled_cross() -> &'static PairModel {
        static CROSSED: OnceLock<PairModel> = OnceLock::new();
        Self::parse(&CROSSED, include_str!("cross.json"))
    }

    fn parse(cell: &'static OnceLock<PairModel>, text: &str) -> &'static PairModel {
        cell.get_or_init(|| {
            serde_json::from_str::<PairModel>(text)
                .ok()
                .and_then(PairModel::in_feature_order)
                .unwrap_or_else(PairModel::fallback)
        })
    }

    /// The model with its vectors in [`FEATURE_NAMES`] order (a feature the file lacks weighs
    /// nothing); `None` when the file is malformed or names a feature this build lacks.
    pub fn in_feature_order(self) -> Option<PairModel> {
        self.in_order(FEATURE_NAMES)
    }

    /// The model with its vectors in the order of `names` (a feature the file lacks weighs
    /// nothing); `None` when the file is malformed or names a feature not in `names`.
    pub(crate) fn in_order(self, names: &[&str]) -> Option<PairModel> {
        let n = self.features.len();
        if self.mean.len() != n || self.scale.len() != n || self.weights.len() != n {
            return None;
        }
        if self.features.iter().any(|f| !names.contains(&f.as_str())) {
            return None;
        }
        let at = |name: &str| self.features.iter().position(|f| f == name);
        let pick = |values: &[f32], default: f32| -> Vec<f32> {
            names
                .iter()
                .map(|name| at(name).map_or(default, |i| values[i]))
                .collect()
        };
        Some(PairModel {
            features: names.iter().map(|s| s.to_string()).collect(),
            mean: pick(&self.mean, 0.0),
            scale: pick(&self.scale, 1.0),
            weights: pick(&self.weights, 0.0),
            bias: self.bias,
            threshold: self.threshold,
            trained_on: self.trained_on,
        })
    }

    /// A hand-set model used only if a bundled file does not match the features (a build
    /// whose features changed without retraining): cosine and overlap, nothing else.
    fn fallback() -> PairModel {
        PairModel::hand_set(FEATURE_NAMES, &["cosine", "soft_mean"], (0.5, 0.2), -1.0)
    }

    /// A hand-set model over `names` (trained on nothing: "fallback"): unit weights on the
    /// features `on`, every feature standardised by one (mean, scale), threshold 0.5.
    pub(crate) fn hand_set(
        names: &[&str],
        on: &[&str],
        (mean, scale): (f32, f32),
        bias: f32,
    ) -> PairModel {
        PairModel {
            features: names.iter().map(|s| s.to_string()).collect(),
            mean: vec![mean; names.len()],
            scale: vec![scale; names.len()],
            weights: names
                .iter()
                .map(|name| if on.contains(name) { 1.0 } else { 0.0 })
                .collect(),
            bias,
            threshold: 0.5,
            trained_on: "fallback".into(),
        }
    }

    /// Contribution of each feature to the log-odds.
    pub fn contributions(&self, values: &[f32]) -> Vec<f32> {
        values
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let scale = self.scale[i].max(1e-6);
                self.weights[i] * (x - self.mean[i]) / scale
            })
            .collect()
    }

    /// The probability that the pair states the same claim.
    pub fn probability(&self, values: &[f32]) -> f32 {
        let z = self.bias + self.contributions(values).iter().sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// One reason for a judgement, for a reader.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// `vector`, `words`, `actors`, `figures`, `negation`, `missing`.
    pub kind: &'static str,
    /// True when the reason speaks for the same claim.
    pub supports: bool,
    pub detail: String,
}

/// The judgement on a pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Judgement {
    pub same_claim: bool,
    /// Calibrated probability that both state the same claim.
    pub score: f32,
    pub reasons: Vec<Reason>,
}

/// Judges a pair with `model`.
pub fn judge(a: &PairSentence, b: &PairSentence, model: &PairModel) -> Judgement {
    verdict(&features(a, b), model)
}

/// The judgement `model` gives on features already computed.
pub fn verdict(f: &Features, model: &PairModel) -> Judgement {
    let score = model.probability(&f.values);
    Judgement {
        same_claim: score >= model.threshold,
        score,
        reasons: reasons(&f.evidence),
    }
}

fn list(items: &[String]) -> String {
    let shown: Vec<&str> = items.iter().take(8).map(String::as_str).collect();
    let more = items.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} (+{more})", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn reasons(e: &Evidence) -> Vec<Reason> {
    let mut out = Vec::new();
    if let Some(cosine) = e.cosine {
        out.push(Reason {
            kind: "vector",
            supports: cosine >= 0.7,
            detail: format!("sentence vectors at cosine {cosine:.2}"),
        });
    }
    if !e.shared_names.is_empty() {
        out.push(Reason {
            kind: "actors",
            supports: true,
            detail: format!("both name {}", list(&e.shared_names)),
        });
    }
    for (side, names) in [("first", &e.names_only_a), ("second", &e.names_only_b)] {
        if !names.is_empty() {
            out.push(Reason {
                kind: "actors",
                supports: false,
                detail: format!("only the {side} names {}", list(names)),
            });
        }
    }
    if !e.shared_words.is_empty() {
        out.push(Reason {
            kind: "words",
            supports: true,
            detail: format!("matched words: {}", list(&e.shared_words)),
        });
    }
    for (side, words) in [("first", &e.only_a), ("second", &e.only_b)] {
        if !words.is_empty() {
            out.push(Reason {
                kind: "missing",
                supports: false,
                detail: format!("only in the {side}: {}", list(words)),
            });
        }
    }
    for (x, y) in &e.figures_agree {
        out.push(Reason {
            kind: "figures",
            supports: true,
            detail: format!("figures agree: '{x}' and '{y}'"),
        });
    }
    for (x, y) in &e.figures_conflict {
        out.push(Reason {
            kind: "figures",
            supports: false,
            detail: format!("figures conflict: '{x}' vs '{y}'"),
        });
    }
    if !e.figures_only.is_empty() {
        out.push(Reason {
            kind: "figures",
            supports: false,
            detail: format!("a figure only one states: {}", list(&e.figures_only)),
        });
    }
    if e.negation_differs {
        out.push(Reason {
            kind: "negation",
            supports: false,
            detail: "one sentence is negated, the other not".into(),
        });
    }
    if let Some(logit) = e.cross {
        let p = 1.0 / (1.0 + (-logit).exp());
        out.push(Reason {
            kind: "reading",
            supports: logit >= 0.0,
            detail: format!("read together, the pair encoder gives {p:.2} that they say the same"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_set_model_weighs_only_the_named_features() {
        let model = PairModel::hand_set(FEATURE_NAMES, &["cosine", "soft_mean"], (0.5, 0.2), -1.0);
        assert_eq!(model.trained_on, "fallback");
        let on: Vec<&str> = FEATURE_NAMES
            .iter()
            .zip(&model.weights)
            .filter(|(_, &w)| w == 1.0)
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(on, ["cosine", "soft_mean"]);
        assert!(model.weights.iter().all(|&w| w == 0.0 || w == 1.0));
        // High cosine and soft alignment read as the same claim; low as not.
        let mut values = vec![0.5; FEATURE_NAMES.len()];
        values[0] = 0.95;
        values[2] = 0.95;
        assert!(model.probability(&values) > 0.5);
        values[0] = 0.2;
        values[2] = 0.2;
        assert!(model.probability(&values) < 0.5);
    }

    #[test]
    fn bundled_models_load_and_match_the_features() {
        for neural in [true, false] {
            let model = PairModel::bundled(neural);
            assert_ne!(model.trained_on, "fallback", "a bundled model did not load");
            assert!(model.trained_on.contains("MSRP"));
            assert_eq!(model.weights.len(), FEATURE_NAMES.len());
            assert_eq!(
                model.weights[CROSS], 0.0,
                "only the cross model reads `cross`"
            );
        }
        let cross = PairModel::bundled_cross();
        assert!(cross.trained_on.contains("calibration split"));
        assert!(cross.weights[CROSS] > 0.0);
    }

    #[test]
    fn the_pair_encoders_log_odds_move_the_score_and_give_a_reason() {
        let sentence = |text| PairSentence {
            text,
            vector: None,
            words: &[],
        };
        let base = features(
            &sentence("The Harlow board approved the merger on Thursday."),
            &sentence("Harlow's directors signed off on the merger on Thursday."),
        );
        assert_eq!(base.values[CROSS], 0.0);
        assert!(base.evidence.cross.is_none());
        let model = PairModel::bundled_cross();
        let (mut yes, mut no) = (base.clone(), base);
        yes.set_cross(4.0);
        no.set_cross(-4.0);
        let (yes, no) = (verdict(&yes, model), verdict(&no, model));
        assert!(yes.score > no.score + 0.3, "{yes:?} {no:?}");
        let reading = |j: &Judgement| {
            j.reasons
                .iter()
                .find(|r| r.kind == "reading")
                .map(|r| r.supports)
        };
        assert_eq!(reading(&yes), Some(true));
        assert_eq!(reading(&no), Some(false));
    }

    #[test]
    fn a_model_file_in_another_order_is_reordered_by_name() {
        let model = PairModel {
            features: vec!["negation_differs".into(), "cosine".into()],
            mean: vec![0.1, 0.5],
            scale: vec![1.0, 0.2],
            weights: vec![-2.0, 3.0],
            bias: 0.5,
            threshold: 0.5,
            trained_on: "test".into(),
        }
        .in_feature_order()
        .unwrap();
        let at = |name: &str| FEATURE_NAMES.iter().position(|f| *f == name).unwrap();
        assert_eq!(model.weights[at("cosine")], 3.0);
        assert_eq!(model.weights[at("negation_differs")], -2.0);
        assert_eq!(model.weights[at("bigrams")], 0.0);
        assert_eq!(model.scale[at("bigrams")], 1.0);
        let unknown = PairModel {
            features: vec!["no_such_feature".into()],
            mean: vec![0.0],
            scale: vec![1.0],
            weights: vec![1.0],
            ..model.clone()
        };
        assert!(unknown.in_feature_order().is_none());
    }

    #[test]
    fn figures_negation_and_names_reach_the_evidence() {
        let sentence = |text| PairSentence {
            text,
            vector: None,
            words: &[],
        };
        let f = features(
            &sentence("Officials in Varnholm said 19 people died."),
            &sentence("Officials in Varnholm said 25 people died."),
        );
        assert_eq!(f.evidence.figures_conflict.len(), 1);
        assert!(f.evidence.shared_names.contains(&"varnholm".to_string()));
        let g = features(
            &sentence("The union accepted the offer."),
            &sentence("The union did not accept the offer."),
        );
        assert!(g.evidence.negation_differs);
        let model = PairModel::bundled(false);
        let same = judge(
            &sentence("The union accepted the offer on Monday."),
            &sentence("On Monday the union accepted the offer."),
            model,
        );
        let denied = judge(
            &sentence("The union accepted the offer on Monday."),
            &sentence("On Monday the union did not accept the offer."),
            model,
        );
        assert!(same.score > denied.score, "{same:?} {denied:?}");
    }
}
