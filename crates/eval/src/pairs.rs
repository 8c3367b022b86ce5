//! The pairwise claim judgement on the Microsoft Research Paraphrase Corpus: accuracy,
//! precision, recall and F1 on the held-out split of `msrp/train.tsv` (pairs whose
//! `#1 ID + #2 ID` is divisible by 5, never used to train the bundled model), beside the
//! always-"same" baseline and plain sentence-vector cosine at its best threshold (chosen on
//! the training part, so the held-out figure is fair).

use std::fmt;
use std::path::Path;

use crate::EvalError;

/// One labelled pair.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelledPair {
    pub id1: u64,
    pub id2: u64,
    pub a: String,
    pub b: String,
    pub same: bool,
}

impl LabelledPair {
    /// True for the held-out split.
    pub fn held_out(&self) -> bool {
        (self.id1 + self.id2).is_multiple_of(5)
    }
}

/// Reads the MSRP layout: a header `Quality  #1 ID  #2 ID  #1 String  #2 String` (a
/// byte-order mark first), tab-separated, quotation marks as text.
pub fn load_msrp(path: &Path) -> Result<Vec<LabelledPair>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let malformed = |detail: String| EvalError::Malformed {
        path: path.display().to_string(),
        format: "MSRP TSV",
        detail,
    };
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [quality, id1, id2, a, b] = fields.as_slice() else {
            return Err(malformed(format!(
                "line {}: {} fields",
                n + 1,
                fields.len()
            )));
        };
        let number = |s: &str| {
            s.trim()
                .parse::<u64>()
                .map_err(|_| malformed(format!("line {}: bad id {s:?}", n + 1)))
        };
        out.push(LabelledPair {
            id1: number(id1)?,
            id2: number(id2)?,
            a: a.to_string(),
            b: b.to_string(),
            same: quality.trim() == "1",
        });
    }
    if out.is_empty() {
        return Err(EvalError::NoData(path.to_path_buf()));
    }
    Ok(out)
}

/// Accuracy, precision, recall and F1 of binary decisions.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Binary {
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Binary {
    pub fn of(decisions: &[(bool, bool)]) -> Binary {
        let (mut tp, mut fp, mut fneg, mut right) = (0.0, 0.0, 0.0, 0.0);
        for &(predicted, gold) in decisions {
            match (predicted, gold) {
                (true, true) => tp += 1.0,
                (true, false) => fp += 1.0,
                (false, true) => fneg += 1.0,
                (false, false) => {}
            }
            if predicted == gold {
                right += 1.0;
            }
        }
        let ratio = |x: f64, y: f64| if y == 0.0 { 0.0 } else { x / y };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fneg);
        Binary {
            accuracy: ratio(right, decisions.len() as f64),
            precision,
            recall,
            f1: ratio(2.0 * precision * recall, precision + recall),
        }
    }
}

/// What a system says of one pair: the sentence-vector cosine, and the judgement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairOutput {
    pub cosine: f32,
    pub same: bool,
}

/// The system under evaluation: judges a batch of (a, b) sentence pairs.
pub type PairJudge<'a> = dyn Fn(&[(&str, &str)]) -> Result<Vec<PairOutput>, EvalError> + 'a;

/// The pairs evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct PairsEval {
    pub encoder: String,
    pub train: usize,
    pub held_out: usize,
    pub model: Binary,
    pub always_same: Binary,
    pub cosine: Binary,
    pub cosine_threshold: f32,
}

/// Scores `judge` (run once over all pairs) on the held-out split.
pub fn eval_pairs(
    pairs: &[LabelledPair],
    encoder: &str,
    judge: &PairJudge,
) -> Result<PairsEval, EvalError> {
    let texts: Vec<(&str, &str)> = pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
    let out = judge(&texts)?;
    let (train, test): (Vec<usize>, Vec<usize>) =
        (0..pairs.len()).partition(|&i| !pairs[i].held_out());
    let accuracy_at = |idx: &[usize], t: f32| {
        idx.iter()
            .filter(|&&i| (out[i].cosine >= t) == pairs[i].same)
            .count()
    };
    // Best cosine threshold on the training part, in steps of 0.01.
    let mut cosine_threshold = 0.0f32;
    let mut best = 0usize;
    for step in 0..=100 {
        let t = step as f32 / 100.0;
        let right = accuracy_at(&train, t);
        if right > best {
            best = right;
            cosine_threshold = t;
        }
    }
    let decide = |f: &dyn Fn(usize) -> bool| -> Vec<(bool, bool)> {
        test.iter().map(|&i| (f(i), pairs[i].same)).collect()
    };
    Ok(PairsEval {
        encoder: encoder.to_string(),
        train: train.len(),
        held_out: test.len(),
        model: Binary::of(&decide(&|i| out[i].same)),
        always_same: Binary::of(&decide(&|_| true)),
        cosine: Binary::of(&decide(&|i| out[i].cosine >= cosine_threshold)),
        cosine_threshold,
    })
}

impl fmt::Display for PairsEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "MSRP train.tsv held-out split ((#1 ID + #2 ID) % 5 == 0): {} pairs; the model was \
             trained on the other {}",
            self.held_out, self.train
        )?;
        writeln!(f)?;
        writeln!(f, "| system | accuracy | precision | recall | F1 |")?;
        writeln!(f, "|---|---|---|---|---|")?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, b: &Binary| {
            writeln!(
                f,
                "| {name} | {:.3} | {:.3} | {:.3} | {:.3} |",
                b.accuracy, b.precision, b.recall, b.f1
            )
        };
        row(
            f,
            &format!("corroborate compare ({})", self.encoder),
            &self.model,
        )?;
        row(f, "always \"same\"", &self.always_same)?;
        row(
            f,
            &format!(
                "sentence-vector cosine ≥ {:.2} (best on the training part)",
                self.cosine_threshold
            ),
            &self.cosine,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_scores_count_right() {
        let b = Binary::of(&[(true, true), (true, false), (false, true), (false, false)]);
        assert_eq!(b.accuracy, 0.5);
        assert_eq!(b.precision, 0.5);
        assert_eq!(b.recall, 0.5);
        let all_same = Binary::of(&[(true, true), (true, true), (true, false)]);
        assert!((all_same.f1 - 0.8).abs() < 1e-9);
    }

    #[test]
    fn reads_the_msrp_layout_and_splits_by_ids() {
        let dir = std::env::temp_dir().join(format!("msrp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("pairs.tsv");
        std::fs::write(
            &path,
            "\u{feff}Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n\
             1\t10\t15\tThe mayor \"resigned\".\tThe mayor quit.\n\
             0\t11\t15\tRain fell.\tSun shone.\n",
        )
        .unwrap();
        let pairs = load_msrp(&path).unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].a, "The mayor \"resigned\".");
        assert!(pairs[0].same && !pairs[1].same);
        assert!(pairs[0].held_out() && !pairs[1].held_out());
        let judge = |texts: &[(&str, &str)]| -> Result<Vec<PairOutput>, EvalError> {
            Ok(texts
                .iter()
                .map(|(a, _)| PairOutput {
                    cosine: if a.contains("mayor") { 0.9 } else { 0.1 },
                    same: a.contains("mayor"),
                })
                .collect())
        };
        let eval = eval_pairs(&pairs, "test", &judge).unwrap();
        assert_eq!((eval.train, eval.held_out), (1, 1));
        assert_eq!(eval.model.accuracy, 1.0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
