//! Scoring a grouping against gold clusters (B-cubed and pairwise), and the Multi-News eval.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

use corroborate_core::Document;

use corroborate_story::{group, GroupOptions};

use crate::{load_multinews, EvalError};

/// Precision, recall and F1 of one measure.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// Precision `hits / predicted` and recall `hits / gold` (0 when the divisor is 0), and
    /// their harmonic mean: the one computation every scorer of this crate shares.
    pub fn from_counts(hits: usize, predicted: usize, gold: usize) -> Prf {
        let ratio = |x: usize, y: usize| if y == 0 { 0.0 } else { x as f64 / y as f64 };
        Prf::new(ratio(hits, predicted), ratio(hits, gold))
    }

    pub(crate) fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

impl fmt::Display for Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.3} R {:.3} F1 {:.3}",
            self.precision, self.recall, self.f1
        )
    }
}

/// B-cubed and pairwise scores of a clustering against gold clusters.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ClusterScores {
    pub bcubed: Prf,
    pub pairwise: Prf,
}

impl fmt::Display for ClusterScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "B3 {} | pairwise {}", self.bcubed, self.pairwise)
    }
}

/// Scores predicted cluster labels against gold labels (one label per item, same order).
/// Pairwise precision (recall) is 1 when no pair is predicted (gold).
pub fn cluster_scores(predicted: &[usize], gold: &[usize]) -> ClusterScores {
    let n = predicted.len().min(gold.len());
    if n == 0 {
        return ClusterScores::default();
    }
    let mut pred_size: HashMap<usize, usize> = HashMap::new();
    let mut gold_size: HashMap<usize, usize> = HashMap::new();
    let mut both: HashMap<(usize, usize), usize> = HashMap::new();
    for i in 0..n {
        *pred_size.entry(predicted[i]).or_default() += 1;
        *gold_size.entry(gold[i]).or_default() += 1;
        *both.entry((predicted[i], gold[i])).or_default() += 1;
    }
    let mut precision = 0.0;
    let mut recall = 0.0;
    for i in 0..n {
        let overlap = both[&(predicted[i], gold[i])] as f64;
        precision += overlap / pred_size[&predicted[i]] as f64;
        recall += overlap / gold_size[&gold[i]] as f64;
    }
    let bcubed = Prf::new(precision / n as f64, recall / n as f64);
    let pairs = |k: usize| (k * k.saturating_sub(1) / 2) as f64;
    let true_pairs: f64 = both.values().map(|&k| pairs(k)).sum();
    let pred_pairs: f64 = pred_size.values().map(|&k| pairs(k)).sum();
    let gold_pairs: f64 = gold_size.values().map(|&k| pairs(k)).sum();
    let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { 1.0 };
    let pairwise = Prf::new(ratio(true_pairs, pred_pairs), ratio(true_pairs, gold_pairs));
    ClusterScores { bcubed, pairwise }
}

/// The outcome of grouping the mixed documents of a Multi-News file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterEval {
    pub scores: ClusterScores,
    pub documents: usize,
    pub gold_clusters: usize,
    pub predicted_clusters: usize,
    /// Documents grouped alone.
    pub singletons: usize,
    /// Seconds spent in `prepare`, and in grouping.
    pub prepare_seconds: f64,
    pub group_seconds: f64,
}

impl fmt::Display for ClusterEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} docs, {} gold / {} predicted clusters ({} singletons): {} (prepare {:.1}s, group {:.2}s)",
            self.documents,
            self.gold_clusters,
            self.predicted_clusters,
            self.singletons,
            self.scores,
            self.prepare_seconds,
            self.group_seconds
        )
    }
}

/// Mixes every document of every row of a Multi-News CSV (in a fixed shuffled order), runs
/// `prepare` (the upstream pipeline) on them, groups them and scores the grouping against the
/// rows as gold clusters.
pub fn eval_clustering(
    path: &Path,
    prepare: &dyn Fn(Vec<Document>) -> Vec<Document>,
    opts: &GroupOptions,
) -> Result<ClusterEval, EvalError> {
    let (rows, docs, gold_of) = mixed(path)?;
    let started = Instant::now();
    let docs = prepare(docs);
    let prepare_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let grouping = group(&docs, opts);
    let group_seconds = started.elapsed().as_secs_f64();
    let (predicted, gold) = paired_labels(&grouping, &docs, &gold_of);
    let singletons = grouping
        .stories
        .iter()
        .filter(|s| s.articles.len() == 1)
        .count();
    Ok(ClusterEval {
        scores: cluster_scores(&predicted, &gold),
        documents: predicted.len(),
        gold_clusters: rows.len(),
        predicted_clusters: grouping.stories.len(),
        singletons,
        prepare_seconds,
        group_seconds,
    })
}

/// Each document's predicted story (its index in the grouping) and gold cluster, for the
/// documents that have both, in document order: what [`cluster_scores`] compares.
pub(crate) fn paired_labels(
    grouping: &corroborate_story::Grouping,
    docs: &[Document],
    gold_of: &HashMap<String, usize>,
) -> (Vec<usize>, Vec<usize>) {
    let mut story_of: HashMap<&str, usize> = HashMap::new();
    for (s, story) in grouping.stories.iter().enumerate() {
        for id in &story.articles {
            story_of.insert(id.as_str(), s);
        }
    }
    docs.iter()
        .filter_map(|doc| Some((*story_of.get(doc.id.as_str())?, *gold_of.get(&doc.id)?)))
        .unzip()
}

/// Every document of every row of a Multi-News CSV, in a fixed shuffled order, with the row
/// of each document id: (rows, documents, gold row by id).
type Mixed = (
    Vec<crate::MultiNewsRow>,
    Vec<Document>,
    HashMap<String, usize>,
);

fn mixed(path: &Path) -> Result<Mixed, EvalError> {
    let rows = load_multinews(path)?;
    let mut items: Vec<(usize, String)> = Vec::new();
    for (row, record) in rows.iter().enumerate() {
        for text in &record.documents {
            items.push((row, text.clone()));
        }
    }
    shuffle(&mut items);
    let mut gold_of: HashMap<String, usize> = HashMap::new();
    let docs: Vec<Document> = items
        .into_iter()
        .enumerate()
        .map(|(i, (row, text))| {
            let id = format!("r{row}-{i}");
            gold_of.insert(id.clone(), row);
            Document::from_text(id, &text)
        })
        .collect();
    Ok((rows, docs, gold_of))
}

/// Batch grouping and online grouping (articles added one at a time) of the same articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OnlineEval {
    pub batch: ClusterEval,
    pub online: ClusterScores,
    pub online_clusters: usize,
    /// Seconds spent adding every article, one by one.
    pub online_seconds: f64,
    /// Mean milliseconds per article over the first and the last fifth of the adds: flat when
    /// the cost of an add does not grow with the corpus.
    pub first_fifth_ms: f64,
    pub last_fifth_ms: f64,
}

impl OnlineEval {
    /// Online B³ F1 minus batch B³ F1.
    pub fn difference(&self) -> f64 {
        self.online.bcubed.f1 - self.batch.scores.bcubed.f1
    }
}

impl fmt::Display for OnlineEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "batch:  {}", self.batch)?;
        write!(
            f,
            "online: {} docs added one by one, {} clusters: {} ({:.1}s; ms/article: {:.1} mean, {:.1} first fifth, {:.1} last fifth)\nB3 F1 online - batch: {:+.4}",
            self.batch.documents,
            self.online_clusters,
            self.online,
            self.online_seconds,
            1000.0 * self.online_seconds / self.batch.documents.max(1) as f64,
            self.first_fifth_ms,
            self.last_fifth_ms,
            self.difference()
        )
    }
}

/// The stories of an online run (article ids) and the seconds each add took, in order.
pub type OnlineRun = (Vec<Vec<String>>, Vec<f64>);

/// [`eval_clustering`], then the same annotated articles handed to `online` (which adds them
/// one at a time in the shuffled order and returns the stories as lists of article ids, with
/// the time of each add), scored against the same gold.
pub fn eval_clustering_online(
    path: &Path,
    prepare: &dyn Fn(Vec<Document>) -> Vec<Document>,
    opts: &GroupOptions,
    online: &dyn Fn(Vec<Document>) -> Result<OnlineRun, String>,
) -> Result<OnlineEval, EvalError> {
    let (_, docs, gold_of) = mixed(path)?;
    let started = Instant::now();
    let docs = prepare(docs);
    let prepare_seconds = started.elapsed().as_secs_f64();
    let mut batch = eval_clustering(path, &|_| docs.clone(), opts)?;
    batch.prepare_seconds = prepare_seconds;
    let ids: Vec<String> = docs.iter().map(|doc| doc.id.clone()).collect();
    let started = Instant::now();
    let (stories, times) = online(docs).map_err(EvalError::Run)?;
    let online_seconds = started.elapsed().as_secs_f64();
    let fifth = (times.len() / 5).max(1);
    let mean_ms = |part: &[f64]| 1000.0 * part.iter().sum::<f64>() / part.len().max(1) as f64;
    let first_fifth_ms = mean_ms(&times[..fifth.min(times.len())]);
    let last_fifth_ms = mean_ms(&times[times.len().saturating_sub(fifth)..]);
    let mut story_of: HashMap<&str, usize> = HashMap::new();
    for (s, story) in stories.iter().enumerate() {
        for id in story {
            story_of.insert(id.as_str(), s);
        }
    }
    let mut predicted = Vec::new();
    let mut gold = Vec::new();
    for id in &ids {
        let (Some(&p), Some(&g)) = (story_of.get(id.as_str()), gold_of.get(id)) else {
            continue;
        };
        predicted.push(p);
        gold.push(g);
    }
    Ok(OnlineEval {
        batch,
        online: cluster_scores(&predicted, &gold),
        online_clusters: stories.len(),
        online_seconds,
        first_fifth_ms,
        last_fifth_ms,
    })
}

/// A fixed pseudo-random permutation (so the eval does not hand the rows over in order).
fn shuffle<T>(items: &mut [T]) {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_clustering_scores_one() {
        let scores = cluster_scores(&[0, 0, 1, 2], &[5, 5, 7, 8]);
        assert_eq!(scores.bcubed.f1, 1.0);
        assert_eq!(scores.pairwise.f1, 1.0);
    }

    #[test]
    fn all_in_one_cluster() {
        // gold {0,1} {2,3}; predicted one cluster of 4
        let scores = cluster_scores(&[0, 0, 0, 0], &[0, 0, 1, 1]);
        assert!((scores.bcubed.precision - 0.5).abs() < 1e-9);
        assert!((scores.bcubed.recall - 1.0).abs() < 1e-9);
        assert!((scores.pairwise.precision - 2.0 / 6.0).abs() < 1e-9);
        assert_eq!(scores.pairwise.recall, 1.0);
        assert!(scores.to_string().starts_with("B3 P 0.500 R 1.000"));
    }

    #[test]
    fn singletons_have_no_pairwise_recall() {
        let scores = cluster_scores(&[0, 1, 2], &[0, 0, 1]);
        assert_eq!(scores.bcubed.precision, 1.0);
        assert!((scores.bcubed.recall - (0.5 + 0.5 + 1.0) / 3.0).abs() < 1e-9);
        assert_eq!(scores.pairwise.recall, 0.0);
    }
}
