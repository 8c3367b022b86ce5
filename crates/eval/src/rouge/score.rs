//! ROUGE-1, ROUGE-2 and ROUGE-L F1, tokenised as `rouge_score` (and ROUGE-1.5.5 with `-m`)
//! does: lowercase, runs of characters other than `a-z0-9` split words, words longer than three
//! letters are Porter-stemmed.

use std::collections::HashMap;

use corroborate_synth::porter_stem;

/// Precision, recall and F1 of one comparison, each in 0..=1.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RougeScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl RougeScore {
    fn from_counts(overlap: usize, candidate: usize, reference: usize) -> RougeScore {
        let prf = crate::Prf::from_counts(overlap, candidate, reference);
        RougeScore {
            precision: prf.precision,
            recall: prf.recall,
            f1: prf.f1,
        }
    }
}

/// ROUGE-1, ROUGE-2 and ROUGE-L of one candidate against one reference.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RougeScores {
    pub rouge1: RougeScore,
    pub rouge2: RougeScore,
    pub rouge_l: RougeScore,
}

/// The ROUGE tokens of a text: lowercase ASCII alphanumeric words, stemmed when longer than
/// three letters.
pub fn rouge_tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|word| !word.is_empty())
        .map(|word| {
            if word.len() > 3 {
                porter_stem(word)
            } else {
                word.to_string()
            }
        })
        .collect()
}

/// Scores `candidate` against `reference` (ROUGE-L is the plain LCS over the whole texts, as
/// `rouge_score`'s `rougeL`).
pub fn rouge(candidate: &str, reference: &str) -> RougeScores {
    let candidate = rouge_tokens(candidate);
    let reference = rouge_tokens(reference);
    RougeScores {
        rouge1: rouge_n(&candidate, &reference, 1),
        rouge2: rouge_n(&candidate, &reference, 2),
        rouge_l: rouge_l(&candidate, &reference),
    }
}

/// ROUGE-N over token sequences: clipped n-gram overlap.
pub fn rouge_n(candidate: &[String], reference: &[String], n: usize) -> RougeScore {
    let candidate = ngram_counts(candidate, n);
    let reference = ngram_counts(reference, n);
    let overlap = candidate
        .iter()
        .map(|(gram, count)| (*count).min(reference.get(gram).copied().unwrap_or(0)))
        .sum();
    RougeScore::from_counts(overlap, candidate.values().sum(), reference.values().sum())
}

/// ROUGE-L over token sequences: longest common subsequence.
pub fn rouge_l(candidate: &[String], reference: &[String]) -> RougeScore {
    RougeScore::from_counts(
        lcs_len(candidate, reference),
        candidate.len(),
        reference.len(),
    )
}

fn ngram_counts(tokens: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut counts = HashMap::new();
    if n == 0 || tokens.len() < n {
        return counts;
    }
    for gram in tokens.windows(n) {
        *counts.entry(gram).or_insert(0) += 1;
    }
    counts
}

fn lcs_len(a: &[String], b: &[String]) -> usize {
    let mut previous = vec![0usize; b.len() + 1];
    let mut current = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            current[j + 1] = if x == y {
                previous[j] + 1
            } else {
                current[j].max(previous[j + 1])
            };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The first `budget` whitespace-separated words of `text`.
pub fn truncate_words(text: &str, budget: usize) -> String {
    text.split_whitespace()
        .take(budget)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn tokenises_like_rouge_score() {
        assert_eq!(
            rouge_tokens("The cats' running-shoes, 2024!"),
            ["the", "cat", "run", "shoe", "2024"]
        );
        assert_eq!(rouge_tokens("Café über"), ["caf", "ber"]);
    }

    #[test]
    fn hand_counted_pair() {
        // candidate: the cat sat on the mat (6 tokens); reference: the cat lay on the red mat (7).
        // unigram overlap: the x2, cat, on, mat = 5 -> P 5/6, R 5/7.
        // bigrams cand: the-cat cat-sat sat-on on-the the-mat; ref: the-cat cat-lay lay-on on-the
        // the-red red-mat -> overlap the-cat, on-the = 2 -> P 2/5, R 2/6.
        // LCS: the cat on the mat = 5.
        let scores = rouge("The cat sat on the mat.", "The cat lay on the red mat.");
        assert!(close(scores.rouge1.precision, 5.0 / 6.0));
        assert!(close(scores.rouge1.recall, 5.0 / 7.0));
        let f1 = 2.0 * (5.0 / 6.0) * (5.0 / 7.0) / (5.0 / 6.0 + 5.0 / 7.0);
        assert!(close(scores.rouge1.f1, f1));
        assert!(close(scores.rouge2.precision, 2.0 / 5.0));
        assert!(close(scores.rouge2.recall, 2.0 / 6.0));
        assert!(close(scores.rouge_l.precision, 5.0 / 6.0));
        assert!(close(scores.rouge_l.recall, 5.0 / 7.0));
    }

    #[test]
    fn clips_repeated_ngrams_and_stems() {
        // "the the the" vs "the": overlap clipped to 1.
        let scores = rouge("the the the", "the");
        assert!(close(scores.rouge1.precision, 1.0 / 3.0));
        assert!(close(scores.rouge1.recall, 1.0));
        // stemming makes "running" and "runs" match.
        let scores = rouge("running fast", "runs fast");
        assert!(close(scores.rouge1.f1, 1.0));
        assert!(close(scores.rouge2.f1, 1.0));
    }

    #[test]
    fn empty_sides_score_zero() {
        assert_eq!(rouge("", "a b").rouge1.f1, 0.0);
        assert_eq!(rouge("a b", "").rouge_l.f1, 0.0);
        assert_eq!(rouge("a", "a").rouge2.f1, 0.0);
    }

    #[test]
    fn identical_texts_score_one() {
        let text = "Officials said 40 people were hurt in the blast on Friday.";
        let scores = rouge(text, text);
        assert!(close(scores.rouge1.f1, 1.0));
        assert!(close(scores.rouge2.f1, 1.0));
        assert!(close(scores.rouge_l.f1, 1.0));
    }

    #[test]
    fn truncates_to_word_budget() {
        assert_eq!(truncate_words("a  b\nc d", 3), "a b c");
        assert_eq!(truncate_words("a", 3), "a");
    }

    proptest::proptest! {
        #[test]
        fn scores_stay_in_unit_range(a in "\\PC{0,60}", b in "\\PC{0,60}") {
            let scores = rouge(&a, &b);
            for score in [scores.rouge1, scores.rouge2, scores.rouge_l] {
                proptest::prop_assert!((0.0..=1.0).contains(&score.f1));
                proptest::prop_assert!(score.precision <= 1.0 && score.recall <= 1.0);
            }
        }
    }
}
