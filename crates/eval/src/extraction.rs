//! Main-text extraction scored the way the article-extraction-benchmark does: precision,
//! recall and F1 over the multiset of word 4-gram shingles (tokens = `\w+`), per page, then
//! averaged over pages.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use once_cell::sync::Lazy;
use regex::Regex;

use corroborate_ingest::{read_bytes, trafilatura_text};

use crate::EvalError;

/// The score of one page.
#[derive(Clone, Debug, PartialEq)]
pub struct PageScore {
    pub id: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// (precision, recall, F1) of rs-trafilatura alone, without our leak filters.
    pub baseline: (f64, f64, f64),
}

/// The half of the benchmark a page belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Half {
    /// Pages the leak filters may be tuned on.
    Tuning,
    /// Pages kept out of tuning, to check that the filters generalise.
    HeldOut,
}

/// The split: the top bit of the 64-bit FNV-1a hash of the page id (its UTF-8 bytes);
/// 0 is the tuning half, 1 the held-out half (40 and 51 of the 91 pages).
pub fn half(id: &str) -> Half {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    if hash >> 63 == 0 {
        Half::Tuning
    } else {
        Half::HeldOut
    }
}

/// Mean (precision, recall, F1) of ours and of rs-trafilatura alone over some pages.
#[derive(Clone, Debug, PartialEq)]
pub struct HalfScores {
    pub pages: usize,
    pub ours: (f64, f64, f64),
    pub baseline: (f64, f64, f64),
}

fn means<'a>(pages: impl Iterator<Item = &'a PageScore>) -> HalfScores {
    let (mut n, mut ours, mut base) = (0usize, (0.0, 0.0, 0.0), (0.0, 0.0, 0.0));
    for page in pages {
        n += 1;
        ours.0 += page.precision;
        ours.1 += page.recall;
        ours.2 += page.f1;
        base.0 += page.baseline.0;
        base.1 += page.baseline.1;
        base.2 += page.baseline.2;
    }
    let d = n.max(1) as f64;
    HalfScores {
        pages: n,
        ours: (ours.0 / d, ours.1 / d, ours.2 / d),
        baseline: (base.0 / d, base.1 / d, base.2 / d),
    }
}

/// Scores over a benchmark folder (`html/<id>.html.gz` plus `ground-truth.json`).
#[derive(Clone, Debug, PartialEq)]
pub struct ExtractionEval {
    pub pages: Vec<PageScore>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl ExtractionEval {
    pub fn count(&self) -> usize {
        self.pages.len()
    }

    /// Means over one half of the split, or over all pages with `None`.
    pub fn split(&self, which: Option<Half>) -> HalfScores {
        means(
            self.pages
                .iter()
                .filter(|page| which.is_none_or(|h| half(&page.id) == h)),
        )
    }

    /// The pages with the lowest F1, worst first.
    pub fn worst(&self, n: usize) -> Vec<&PageScore> {
        let mut pages: Vec<&PageScore> = self.pages.iter().collect();
        pages.sort_by(|a, b| a.f1.total_cmp(&b.f1));
        pages.truncate(n);
        pages
    }
}

impl fmt::Display for ExtractionEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "extraction: {} pages", self.count())?;
        writeln!(
            f,
            "{:<24} {:>9} {:>9} {:>9}",
            "", "precision", "recall", "f1"
        )?;
        writeln!(
            f,
            "{:<24} {:>9.3} {:>9.3} {:>9.3}",
            "mean", self.precision, self.recall, self.f1
        )?;
        writeln!(
            f,
            "split by FNV-1a(id) top bit: ours vs rs-trafilatura alone (P / R / F1)"
        )?;
        for (name, which) in [
            ("tuning", Some(Half::Tuning)),
            ("held-out", Some(Half::HeldOut)),
            ("overall", None),
        ] {
            let s = self.split(which);
            writeln!(
                f,
                "{:<9} {:>3} pages  ours {:.3} / {:.3} / {:.3}  rs-trafilatura {:.3} / {:.3} / {:.3}",
                name,
                s.pages,
                s.ours.0,
                s.ours.1,
                s.ours.2,
                s.baseline.0,
                s.baseline.1,
                s.baseline.2
            )?;
        }
        writeln!(f, "worst pages:")?;
        for page in self.worst(5) {
            writeln!(
                f,
                "{:<24} {:>9.3} {:>9.3} {:>9.3}",
                page.id, page.precision, page.recall, page.f1
            )?;
        }
        Ok(())
    }
}

/// Runs the extractor over `dir/html/<id>.html.gz` and scores it against
/// `dir/ground-truth.json` (id -> {articleBody}).
pub fn eval_extraction(dir: &Path) -> Result<ExtractionEval, EvalError> {
    let truth_path = dir.join("ground-truth.json");
    let io = |path: &Path, source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let truth_text = std::fs::read_to_string(&truth_path).map_err(|e| io(&truth_path, e))?;
    let truth: HashMap<String, serde_json::Value> =
        serde_json::from_str(&truth_text).map_err(|e| EvalError::Malformed {
            path: truth_path.display().to_string(),
            format: "ground truth",
            detail: e.to_string(),
        })?;
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let mut pages = Vec::new();
    for id in ids {
        let gold = truth[id]
            .get("articleBody")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let name = path.display().to_string();
        let baseline = score(gold, &trafilatura_text(&name, bytes.clone()));
        let predicted = read_bytes(&name, bytes)
            .into_iter()
            .filter_map(Result::ok)
            .map(|doc| doc.source)
            .collect::<Vec<_>>()
            .join("\n");
        let (precision, recall, f1) = score(gold, &predicted);
        pages.push(PageScore {
            id: id.clone(),
            precision,
            recall,
            f1,
            baseline,
        });
    }
    let n = pages.len().max(1) as f64;
    let mean = |f: fn(&PageScore) -> f64| pages.iter().map(f).sum::<f64>() / n;
    Ok(ExtractionEval {
        precision: mean(|p| p.precision),
        recall: mean(|p| p.recall),
        f1: mean(|p| p.f1),
        pages,
    })
}

static WORD: Lazy<Regex> = Lazy::new(|| Regex::new(r"\w+").unwrap_or_else(|_| unreachable!()));

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> = WORD.find_iter(text).map(|m| m.as_str()).collect();
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    if tokens.len() < 4 {
        *counts.entry(tokens).or_insert(0) += 1;
        return counts;
    }
    for window in tokens.windows(4) {
        *counts.entry(window.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// (precision, recall, F1) of `predicted` against `gold` over 4-gram shingle multisets.
pub fn score(gold: &str, predicted: &str) -> (f64, f64, f64) {
    let gold = shingles(gold);
    let predicted = shingles(predicted);
    let gold_total: usize = gold.values().sum();
    let predicted_total: usize = predicted.values().sum();
    let hits: usize = predicted
        .iter()
        .map(|(k, &v)| v.min(gold.get(k).copied().unwrap_or(0)))
        .sum();
    if gold_total == 0 && predicted_total == 0 {
        return (1.0, 1.0, 1.0);
    }
    let prf = crate::Prf::from_counts(hits, predicted_total, gold_total);
    (prf.precision, prf.recall, prf.f1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_scores() {
        assert_eq!(score("a b c d e", "a b c d e"), (1.0, 1.0, 1.0));
        let (p, r, _) = score("a b c d e", "a b c d");
        assert_eq!((p, r), (1.0, 0.5));
        assert_eq!(score("a b c d", "").2, 0.0);
    }

    #[test]
    fn split_is_stable() {
        // FNV-1a of "" is the offset basis, whose top bit is 1.
        assert_eq!(half(""), Half::HeldOut);
        // FNV-1a of "a" is 0xaf63dc4c8601ec8c.
        assert_eq!(half("a"), Half::HeldOut);
    }
}
